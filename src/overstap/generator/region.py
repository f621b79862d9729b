"""A synthetic region, the same for the same seed: organisations, pupils and their school careers, moves in every
status, support, dossiers, youth care, meetings, signals and an audit trail of realistic size.

The generator writes rows directly with ``bulk_create`` in batches (and the audit trail with one multi-row
``INSERT`` per batch), not through the services and workflows: going step by step through the workflow for a
million rows would take hours. What it writes is what the workflow would have produced for a case in that status:
a case that was sent has its handover with ``sent_at``, one that was received or opened has those times too, a
placement in special education has the SWV's granted TLV, a started move ended the old enrolment and began the new
one on the first school day, a closed move has its feedback, and the signals are the ones the engine raises for
the exits, with the engine's own ``cause_key`` so that a later run of the engine recognises them.

Every random choice comes from one ``random.Random(seed)`` per stage and every date from the reference day
(``today``), so the same seed on the same starting database gives the same rows; times the models set themselves
on save (``created_at`` and the like) are the only columns that differ.
"""

import datetime
import random
from array import array
from collections.abc import Callable
from itertools import product

from django.core.management.color import no_style
from django.db import connection, transaction

from overstap.coaching.models import Coaching, Contact
from overstap.dossiers.models import Entry, EntryVersion, Opp, PlanVersion, YouthCare
from overstap.matrix.loader import get_matrix
from overstap.monitoring.models import Signal
from overstap.organisations.models import (
    PO_TYPES,
    SCHOOL_TYPES,
    VO_TYPES,
    Organisation,
    OrganisationType,
    Region,
    Sector,
)
from overstap.pupils.models import Enrolment, Guardian, Pupil
from overstap.support.models import SupportRequest, SwvDecision
from overstap.thuiszitters.models import AbsenceReport, Route
from overstap.transitions.models import ChecklistItem, Feedback, Handover, Meeting, Status, TransitionCase
from overstap.transitions.workflow import derive_code

from . import names

T = OrganisationType
S = Status
BATCH = 5000
# The first two digits of a generated region's SWV codes: PO 98-01, VO 98-01, PO 98-02 ... (the demo has 99-01).
REGION_PREFIX = "98-"
# Share of the region's pupils at each kind of place, and pupils per place (one school per so many pupils).
PLACES = {
    T.VOORSCHOOL: 60,
    T.BAO: 220,
    T.SBO: 120,
    T.SO: 80,
    T.VO: 900,
    T.PRO: 300,
    T.VSO: 150,
    T.MBO: 2500,
    T.HBO: 6000,
}
SHARE = {
    T.VOORSCHOOL: 0.06,
    T.BAO: 0.45,
    T.SBO: 0.02,
    T.SO: 0.015,
    T.VO: 0.30,
    T.PRO: 0.02,
    T.VSO: 0.015,
    T.MBO: 0.06,
    T.HBO: 0.01,
}
SPECIAL = {T.SBO: "tlv_sbo", T.SO: "tlv_so", T.VSO: "tlv_vso", T.PRO: "tlv_pro"}
# How often a move ends up in each status: most moves run their course, a few leave it.
STATUS_WEIGHTS = {
    S.VOORBEREIDING: 14,
    S.AANGEMELD: 12,
    S.INZAGE_OUDERS: 8,
    S.VERZONDEN: 8,
    S.ONTVANGEN: 5,
    S.GEOPEND: 6,
    S.WARME_OVERDRACHT: 4,
    S.GEPLAATST: 8,
    S.GESTART: 8,
    S.NAZORG: 5,
    S.AFGEROND: 14,
    S.GEEN_PLEK: 2,
    S.NO_SHOW: 1,
    S.UITGEVALLEN: 1,
    S.THUISZITTER: 1,
    S.INGETROKKEN: 3,
}
MAIN_PATH = [
    S.VOORBEREIDING,
    S.AANGEMELD,
    S.INZAGE_OUDERS,
    S.VERZONDEN,
    S.ONTVANGEN,
    S.GEOPEND,
    S.WARME_OVERDRACHT,
    S.GEPLAATST,
    S.GESTART,
    S.NAZORG,
    S.AFGEROND,
]
# Statuses past the first school day at the new place (the move took place), and those past sending.
STARTED = {S.GESTART, S.NAZORG, S.AFGEROND, S.UITGEVALLEN, S.NO_SHOW, S.THUISZITTER}
SENT = set(MAIN_PATH[MAIN_PATH.index(S.VERZONDEN) :]) | {S.NO_SHOW, S.UITGEVALLEN, S.THUISZITTER}
OPENED = set(MAIN_PATH[MAIN_PATH.index(S.GEOPEND) :]) | {S.NO_SHOW, S.UITGEVALLEN, S.THUISZITTER}
PLACED = set(MAIN_PATH[MAIN_PATH.index(S.GEPLAATST) :]) | {S.NO_SHOW, S.UITGEVALLEN}

Progress = Callable[[str], None]


def _quiet(_line: str) -> None:
    pass


class Reporter:
    """Reports every tenth of the work as one line: ``generate_region: 30% (pupils 30,000 of 100,000)``."""

    def __init__(self, write: Progress, total: int):
        self.write, self.total, self.done, self.next_tenth = write, max(1, total), 0, 1

    def advance(self, amount: int, what: str) -> None:
        self.done += amount
        while self.next_tenth <= 10 and self.done * 10 >= self.next_tenth * self.total:
            self.write(f"generate_region: {self.next_tenth * 10}% ({what})")
            self.next_tenth += 1


def generated_regions() -> list[int]:
    """The numbers of the generated regions already in the database."""
    codes = Region.objects.filter(code__startswith=f"PO {REGION_PREFIX}").values_list("code", flat=True)
    return sorted(int(code.rsplit("-", 1)[1]) for code in codes)


def school_year_start(day: datetime.date) -> datetime.date:
    """The first school day (taken as 20 August) of the school year that ``day`` falls in."""
    year = day.year if (day.month, day.day) >= (8, 20) else day.year - 1
    return datetime.date(year, 8, 20)


def _school_year(start: datetime.date) -> str:
    return f"{start.year}-{start.year + 1}"


def _place(rng: random.Random) -> str:
    return rng.choice(names.PLACE_HEADS) + rng.choice(names.PLACE_TAILS)


def _person(rng: random.Random) -> tuple[str, str, str]:
    given = rng.choice(names.GIVEN_NAMES)
    family = rng.choice(names.FAMILY_NAMES)
    prefix = names.WITH_PREFIX.get(family, "")
    if not prefix and rng.random() < 0.05:
        prefix = rng.choice(names.PREFIXES)
    return given, prefix, family


def _staff(rng: random.Random) -> str:
    given, prefix, family = _person(rng)
    return " ".join(part for part in (f"{given[0]}.", prefix, family) if part)


def _next_ids(model, count: int) -> range:
    """Primary keys for ``count`` new rows, given by the generator so that the rows can go in by plain INSERTs."""
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return range(last + 1, last + 1 + count)


def fast_insert(model, objs: list) -> None:
    """Inserts model instances that carry their primary key with multi-row INSERTs of plain values: several times
    faster than ``bulk_create``, which prepares every value of every field through the field. Only for the plain
    fields the generator uses (text, numbers, booleans, dates, times, JSON, foreign keys)."""
    if not objs:
        return
    ops = connection.ops
    now = datetime.datetime.now(datetime.UTC)
    fields = model._meta.concrete_fields
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    # Per field: how to turn a value into what the driver takes, and whether to do so for None as well.
    adapt: list[tuple[Callable | None, bool]] = []
    for field in fields:
        kind = field.get_internal_type()
        if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            adapt.append((lambda v: ops.adapt_datetimefield_value(v or now), True))
        elif kind == "DateTimeField":
            adapt.append((ops.adapt_datetimefield_value, False))
        elif kind == "DateField":
            adapt.append((ops.adapt_datefield_value, False))
        elif kind == "JSONField":
            adapt.append((lambda v, field=field: field.get_db_prep_save(v, connection), False))
        else:
            adapt.append((None, False))
    names = [f.attname for f in fields]
    if connection.vendor == "postgresql":
        _copy(model._meta.db_table, [f.column for f in fields], objs, names, adapt)
        return
    per_statement = max(1, 10_000 // len(fields))
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    table = ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), per_statement):
            chunk = objs[start : start + per_statement]
            params = []
            for obj in chunk:
                for name, (convert, always) in zip(names, adapt, strict=True):
                    value = getattr(obj, name)
                    params.append(convert(value) if convert and (always or value is not None) else value)
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([row] * len(chunk)), params)


def _copy(table: str, columns: list[str], objs: list, names: list[str], adapt: list) -> None:
    """PostgreSQL's COPY of the rows: one stream instead of statements, the fastest way in."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        sql = f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
        with cursor.cursor.copy(sql) as copy:
            for obj in objs:
                row = []
                for name, (convert, always) in zip(names, adapt, strict=True):
                    value = getattr(obj, name)
                    row.append(convert(value) if convert and (always or value is not None) else value)
                copy.write_row(row)


def reset_sequences(models: list) -> None:
    """After rows with primary keys of their own, PostgreSQL's sequences must start after them."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


# --- organisations -------------------------------------------------------------------------------------------------


def build_organisations(pupils: int, seed: int, number: int | None = None) -> dict:
    """SWV regions (PO and VO), municipalities, the SWVs, youth care, a parent and child support point and places of
    education of every type (about one per ``PLACES[type]`` pupils, each with a free BRIN code and branch 00)."""
    rng = random.Random(f"organisations:{seed}")
    number = number or (max(generated_regions(), default=0) + 1)
    if number > 99:
        raise ValueError("At most 99 generated regions fit in the region codes.")
    area = _place(rng)
    taken = set(Organisation.objects.exclude(brin="").values_list("brin", flat=True))
    brins = [f"{d:02d}{a}{b}" for d, a, b in product(range(100), "ABCDEFGHJKLMNPRSTVWXYZ", "ABCDEFGHJKLMNPRSTVWXYZ")]
    rng.shuffle(brins)
    # BRIN 99xx is the demo's, so that load_demo still fits after a generated region.
    free = iter(brin for brin in brins if brin not in taken and not brin.startswith("99"))
    with transaction.atomic():
        po = Region.objects.create(
            code=f"PO {REGION_PREFIX}{number:02d}", name=f"Passend Onderwijs {area} PO", sector=Sector.PO
        )
        vo = Region.objects.create(
            code=f"VO {REGION_PREFIX}{number:02d}", name=f"Passend Onderwijs {area} VO", sector=Sector.VO
        )
        municipalities = [
            Organisation(name=f"Gemeente {_place(rng)}", type=T.GEMEENTE, gemeente_code=f"GM8{number % 10}{n:02d}")
            for n in range(max(3, min(99, pupils // 8000)))
        ]
        Organisation.objects.bulk_create(municipalities)
        others = [
            Organisation(name=f"Samenwerkingsverband {area} PO", type=T.SWV_PO),
            Organisation(name=f"Samenwerkingsverband {area} VO", type=T.SWV_VO),
            Organisation(name=f"Ouder- en Kindsteunpunt {area}", type=T.OUDERSTEUNPUNT),
        ]
        others += [
            Organisation(name=f"Wijkteam {m.name.removeprefix('Gemeente ')}", type=T.JEUGDHULP, municipality=m)
            for m in municipalities
        ]
        schools = []
        for kind, per in PLACES.items():
            for _ in range(max(1, round(pupils * SHARE[kind] / per))):
                place = rng.choice(municipalities)
                label = f"{rng.choice(names.SCHOOL_KIND[kind])} {rng.choice(names.SCHOOL_NAMES)}"
                schools.append(
                    Organisation(
                        name=f"{label} {place.name.removeprefix('Gemeente ')}",
                        type=kind,
                        brin=next(free) if kind in SCHOOL_TYPES else "",
                        vestiging="00" if kind in SCHOOL_TYPES else "",
                        municipality=place,
                    )
                )
        Organisation.objects.bulk_create(others + schools)
        through = Organisation.regions.through
        links = []
        for org in [*municipalities, *others, *schools]:
            if org.type in PO_TYPES or org.type in (T.SWV_PO, T.VOORSCHOOL, T.GEMEENTE, T.JEUGDHULP):
                links.append(through(organisation=org, region=po))
            if org.type in VO_TYPES or org.type in (T.SWV_VO, T.GEMEENTE, T.JEUGDHULP, T.OUDERSTEUNPUNT):
                links.append(through(organisation=org, region=vo))
        through.objects.bulk_create(links)
    by_type: dict[str, list[Organisation]] = {}
    for org in [*municipalities, *others, *schools]:
        by_type.setdefault(org.type, []).append(org)
    return {
        "number": number,
        "po": po,
        "vo": vo,
        "municipalities": municipalities,
        "by_type": by_type,
        "schools": schools,
        "organisations": {org.pk: org for org in [*municipalities, *others, *schools]},
    }


# --- pupils, careers and their dossiers ----------------------------------------------------------------------------

AGES = list(range(2, 21))
AGE_WEIGHTS = [3, 4] + [10] * 8 + [9] * 6 + [4, 2, 1]


def _career(rng: random.Random, age: int) -> list[tuple[str, int]]:
    """The places of a pupil's school career so far, as (type, age at which it began); the last is the current."""
    if age < 4:
        return [(T.VOORSCHOOL, 2)]
    path = [(T.VOORSCHOOL, 2)] if rng.random() < 0.5 else []
    special = rng.random()
    if special < 0.03:
        path.append((T.SO, 4))
    else:
        path.append((T.BAO, 4))
        if special < 0.07 and age >= 8:
            path.append((T.SBO, 8))
    if age < 12:
        return path
    po = path[-1][0]
    second = rng.random()
    if po == T.SO or second < 0.02:
        path.append((T.VSO, 12))
    elif second < 0.07:
        path.append((T.PRO, 12))
    else:
        path.append((T.VO, 12))
        if age >= 17 and rng.random() < 0.85:
            path.append((T.MBO, rng.choice((16, 17))))
            if age >= 20 and rng.random() < 0.5:
                path.append((T.HBO, 20))
    return path


def _group(kind: str, age: int) -> str:
    if kind in PO_TYPES:
        return f"groep {min(8, max(1, age - 3))}"
    if kind in VO_TYPES:
        return f"klas {min(6, max(1, age - 11))}"
    return ""


def build_pupils(world: dict, pupils: int, seed: int, today: datetime.date, dossiers: bool = True, report=None) -> dict:
    """The region's pupils with their school careers (one enrolment per place, the last still running), a parent
    or carer each and, with ``dossiers``, dossier entries (with their first version), OPPs for pupils in special
    education (with the plan's first version), the TLV of the SWV behind each special placement, and youth care."""
    rng = random.Random(f"pupils:{seed}")
    report = report or Reporter(_quiet, pupils)
    by_type, municipalities = world["by_type"], world["municipalities"]
    swv = {"po": by_type[T.SWV_PO][0], "vo": by_type[T.SWV_VO][0]}
    care = by_type[T.JEUGDHULP]
    ids, current = array("q"), array("q")
    counts = {"pupils": 0, "enrolments": 0, "guardians": 0, "entries": 0, "opps": 0, "tlvs": 0, "youth_care": 0}
    for start in range(0, pupils, BATCH):
        size = min(pupils, start + BATCH) - start
        chunk, careers = [], []
        for _ in range(size):
            age = rng.choices(AGES, AGE_WEIGHTS)[0]
            birth = today - datetime.timedelta(days=age * 365 + rng.randrange(365))
            given, prefix, family = _person(rng)
            chunk.append(
                Pupil(
                    given_names=given,
                    family_name_prefix=prefix,
                    family_name=family,
                    birth_date=birth,
                    municipality=rng.choice(municipalities),
                )
            )
            careers.append((age, birth, _career(rng, age)))
        with transaction.atomic():
            for pupil, pk in zip(chunk, _next_ids(Pupil, len(chunk)), strict=True):
                pupil.pk = pk
            fast_insert(Pupil, chunk)
            enrolments, guardians, entries, opps, requests, youth = [], [], [], [], [], []
            for pupil, (age, birth, path) in zip(chunk, careers, strict=True):
                places = [rng.choice(by_type[kind]) for kind, _began in path]
                for n, ((kind, began), place) in enumerate(zip(path, places, strict=True)):
                    start_on = min(today, datetime.date(birth.year + began, 8, 20))
                    end_on = None
                    if n + 1 < len(path):
                        end_on = min(today, datetime.date(birth.year + path[n + 1][1], 7, 15))
                    enrolments.append(
                        Enrolment(
                            pupil=pupil,
                            organisation=place,
                            start_date=start_on,
                            end_date=end_on,
                            group="" if end_on else _group(kind, age),
                            programme="vve" if kind == T.VOORSCHOOL else "",
                        )
                    )
                school, kind = places[-1], path[-1][0]
                ids.append(pupil.pk)
                current.append(school.pk)
                given, prefix, family = _person(rng)
                guardians.append(
                    Guardian(
                        pupil=pupil,
                        name=" ".join(p for p in (given, prefix or pupil.family_name_prefix, pupil.family_name) if p),
                        relation=rng.choice(("ouder", "ouder", "ouder", "verzorger", "pleegouder", "voogd")),
                        legal_representative=True,
                        phone=f"06-{rng.randrange(10_000_000, 99_999_999)}",
                        email=f"{given.lower()}.{pupil.family_name.lower()}@example.nl",
                        recorded_by_name="Administratie",
                    )
                )
                if not dossiers:
                    continue
                author = _staff(rng)
                if kind in SPECIAL or rng.random() < 0.25:
                    for category, title, text in rng.sample(ENTRY_TEXTS, rng.randint(1, 3)):
                        entries.append(
                            Entry(
                                pupil=pupil,
                                category=category,
                                title=title,
                                text=text,
                                organisation=school,
                                author_name=author,
                                author_role="ib" if kind in PO_TYPES else "zorgcoordinator",
                                recorded_on=today - datetime.timedelta(days=rng.randrange(30, 700)),
                            )
                        )
                if kind in SPECIAL:
                    since = min(today, datetime.date(birth.year + path[-1][1], 8, 20))
                    opps.append(
                        Opp(
                            pupil=pupil,
                            organisation=school,
                            exit_profile="arbeid" if kind == T.PRO else "vervolgonderwijs",
                            exit_level="Entree" if kind == T.PRO else "Vmbo basis",
                            approach="Kleine groep, vaste begeleider, dagelijks korte instructie.",
                            established_on=since + datetime.timedelta(days=40),
                            author_name=author,
                        )
                    )
                    requests.append(
                        (
                            SupportRequest(
                                pupil=pupil,
                                school=places[-2] if len(places) > 1 else school,
                                swv=swv["po" if kind in PO_TYPES else "vo"],
                                kind=SPECIAL[kind],
                                question="Toelaatbaarheid tot het speciaal (basis)onderwijs.",
                                requested_by_name=_staff(rng),
                                status="toegekend",
                            ),
                            since,
                        )
                    )
                if rng.random() < 0.04:
                    team = rng.choice(care)
                    youth.append(
                        YouthCare(
                            pupil=pupil,
                            organisation=team,
                            provider=f"{rng.choice(names.CARE_PROVIDERS)} {_place(rng)}",
                            worker=_staff(rng),
                            care_type=rng.choice(("ambulant", "wijkteam", "jeugd_ggz", "dagbehandeling", "pleegzorg")),
                            municipality=team.municipality,
                            start_on=today - datetime.timedelta(days=rng.randrange(30, 900)),
                            recorded_by_name="Wijkteam",
                        )
                    )
            for rows, model in ((enrolments, Enrolment), (guardians, Guardian)):
                for obj, pk in zip(rows, _next_ids(model, len(rows)), strict=True):
                    obj.pk = pk
                fast_insert(model, rows)
            Entry.objects.bulk_create(entries)
            EntryVersion.objects.bulk_create(
                [
                    EntryVersion(entry=e, version=1, title=e.title, text=e.text, saved_by_name=e.author_name)
                    for e in entries
                ]
            )
            Opp.objects.bulk_create(opps)
            PlanVersion.objects.bulk_create(
                [PlanVersion(opp=o, version=1, snapshot=_opp_snapshot(o), saved_by_name=o.author_name) for o in opps]
            )
            SupportRequest.objects.bulk_create([r for r, _since in requests])
            SwvDecision.objects.bulk_create(
                [
                    SwvDecision(
                        request=r,
                        granted=True,
                        number=f"TLV-{world['number']:02d}-{r.pk}",
                        start_date=since,
                        end_date=since + datetime.timedelta(days=365 * rng.choice((1, 2, 3, 4))),
                        funding_category=rng.choice(("laag", "midden", "hoog")),
                        motivation="De ondersteuningsbehoefte past niet binnen de basisondersteuning.",
                        decided_by_name=_staff(rng),
                    )
                    for r, since in requests
                ]
            )
            YouthCare.objects.bulk_create(youth)
        for key, rows in (
            ("pupils", chunk),
            ("enrolments", enrolments),
            ("guardians", guardians),
            ("entries", entries),
            ("opps", opps),
            ("tlvs", requests),
            ("youth_care", youth),
        ):
            counts[key] += len(rows)
        report.advance(size, f"pupils {start + size:,} of {pupils:,}")
    reset_sequences([Pupil, Enrolment, Guardian])
    world["pupil_ids"], world["current_ids"] = ids, current
    return counts


ENTRY_TEXTS = [
    ("ondersteuningsbehoeften", "Ondersteuningsbehoefte", "Heeft baat bij duidelijke structuur en vooraankondiging."),
    ("ontwikkeling", "Ontwikkeling taal", "Leest op niveau van een half jaar lager; woordenschat groeit goed."),
    ("werkzame_elementen", "Wat werkt", "Korte instructie aan de instructietafel, daarna zelfstandig werken."),
    ("geboden_ondersteuning", "Geboden ondersteuning", "Twee keer per week extra rekenen in een kleine groep."),
    ("handelingsadviezen", "Advies voor de leerkracht", "Vaste plek vooraan, taken in stukjes aanbieden."),
    ("thuissituatie", "Thuissituatie", "Ouders zijn betrokken en komen op elk oudergesprek."),
]


def _opp_snapshot(opp: Opp) -> dict:
    return {
        "exit_profile": opp.exit_profile,
        "exit_level": opp.exit_level,
        "approach": opp.approach,
        "parents_discussed_on": "",
        "goals": [],
        "evaluations": [],
    }


# --- moves ---------------------------------------------------------------------------------------------------------

# Where a pupil at a place of this type goes next at the end of the stage, and as a move within the stage.
NEXT = {
    T.VOORSCHOOL: ((T.BAO, 0.97), (T.SO, 0.03)),
    T.BAO: ((T.VO, 0.9), (T.PRO, 0.06), (T.VSO, 0.04)),
    T.SBO: ((T.VO, 0.6), (T.PRO, 0.3), (T.VSO, 0.1)),
    T.SO: ((T.VSO, 1.0),),
    T.VO: ((T.MBO, 1.0),),
    T.PRO: ((T.MBO, 1.0),),
    T.VSO: ((T.MBO, 1.0),),
    T.MBO: ((T.HBO, 1.0),),
}
WITHIN = {T.BAO: (T.BAO, T.SBO, T.SO), T.VO: (T.VO, T.PRO, T.VSO), T.MBO: (T.MBO,)}
LAST_YEAR = {T.VOORSCHOOL: 3, T.BAO: 11, T.SBO: 11, T.SO: 11, T.VO: 16, T.PRO: 17, T.VSO: 17, T.MBO: 19}


def build_transitions(world: dict, seed: int, today: datetime.date, share: int = 8, report=None) -> dict:
    """Moves of this school year: most pupils in the last year of their stage, and one in ``6 × share`` of the others
    within the stage. Each case is in one of the workflow's statuses, every status occurring, and carries what that
    status implies (checklist from the matrix, handover times, TLV, meeting, new enrolment, feedback, signal)."""
    rng = random.Random(f"transitions:{seed}")
    report = report or Reporter(_quiet, 1)
    orgs = world["organisations"]
    by_type = world["by_type"]
    swv = {"po": by_type[T.SWV_PO][0], "vo": by_type[T.SWV_VO][0]}
    started_on = school_year_start(today)
    next_start = datetime.date(started_on.year + 1, 8, 20)
    matrix = get_matrix()
    codes: dict[tuple[str, str], str | None] = {}
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    now = datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.UTC)
    counts = dict.fromkeys(
        ("cases", "checklist_items", "handovers", "meetings", "feedback", "support_requests", "signals"), 0
    )
    by_status: dict[str, int] = {}
    # Only the enrolments there are now: a started move adds one at the new school, which must not move again.
    last, end = 0, Enrolment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    while True:
        rows = list(
            Enrolment.objects.filter(end_date__isnull=True, organisation__in=list(orgs), pk__gt=last, pk__lte=end)
            .order_by("pk")
            .values_list("pk", "pupil_id", "organisation_id", "pupil__birth_date")[:BATCH]
        )
        if not rows:
            break
        last = rows[-1][0]
        cases, ends = [], {}
        for enrolment_pk, pupil_id, org_id, birth in rows:
            origin = orgs[org_id]
            age = (today - birth).days // 365
            if origin.type in NEXT and age == LAST_YEAR[origin.type] and rng.random() < 0.9:
                kinds, chances = zip(*NEXT[origin.type], strict=True)
                kind = rng.choices(kinds, chances)[0]
            elif origin.type in WITHIN and rng.random() < 1 / (6 * share):
                kind = rng.choice(WITHIN[origin.type])
            else:
                continue
            target = rng.choice(by_type[kind])
            if target.pk == origin.pk:
                continue
            pair = (origin.type, target.type)
            if pair not in codes:
                codes[pair] = derive_code(origin, target)
            if not codes[pair]:
                continue
            status = statuses[counts["cases"] + len(cases)] if counts["cases"] + len(cases) < len(statuses) else None
            status = status or rng.choices(statuses, weights)[0]
            planned = started_on if status in STARTED else next_start
            if status == S.GEPLAATST and rng.random() < 0.3:
                planned = started_on  # placed for this school year and not started yet: the engine's no-show
            cases.append(
                TransitionCase(
                    pupil_id=pupil_id,
                    from_organisation=origin,
                    to_organisation=None if status == S.GEEN_PLEK else target,
                    code=codes[pair],
                    school_year=_school_year(planned),
                    planned_on=planned,
                    status=status,
                    created_by_name=_staff(rng),
                )
            )
            cases[-1].target = target
            ends[len(cases) - 1] = enrolment_pk
        with transaction.atomic():
            TransitionCase.objects.bulk_create(cases)
            items, handovers, meetings, feedback, new_enrolments, requests, signals = [], [], [], [], [], [], []
            ended = []
            for n, case in enumerate(cases):
                status, target = case.status, case.target
                by_status[status] = by_status.get(status, 0) + 1
                done = status in SENT or status in (S.GEEN_PLEK,)
                for item in matrix.transition(case.code).items:
                    items.append(
                        ChecklistItem(
                            case=case,
                            key=item.key,
                            text=item.text.nl,
                            required=item.required,
                            legal_basis=item.legal_basis,
                            source="matrix",
                            done_on=(case.planned_on - datetime.timedelta(days=120)) if done else None,
                            done_by_name=case.created_by_name if done else "",
                        )
                    )
                if status in SENT:
                    sent = now - datetime.timedelta(
                        days=rng.randint(10, 90) if status in STARTED else rng.randint(1, 40)
                    )
                    received = sent + datetime.timedelta(hours=rng.randint(1, 72))
                    handovers.append(
                        Handover(
                            case=case,
                            recipient=target,
                            categories=["ontwikkeling", "ondersteuningsbehoeften", "werkzame_elementen"],
                            inzage_on=(sent - datetime.timedelta(days=14)).date(),
                            inzage_by_name=case.created_by_name,
                            family_view_waived=True,
                            sent_at=sent,
                            sent_by_name=case.created_by_name,
                            received_at=None if status == S.VERZONDEN else received,
                            received_by_name="" if status == S.VERZONDEN else "Administratie",
                            opened_at=received + datetime.timedelta(days=1) if status in OPENED else None,
                            opened_by_name="Zorgcoördinator" if status in OPENED else "",
                            content={"sections": [{"category": "ontwikkeling", "items": []}]},
                        )
                    )
                if target.type in SPECIAL and (status in PLACED or status in (S.WARME_OVERDRACHT, S.GEOPEND)):
                    request = SupportRequest(
                        pupil_id=case.pupil_id,
                        school=case.from_organisation,
                        swv=swv["po" if target.type in PO_TYPES else "vo"],
                        kind=SPECIAL[target.type],
                        question="Toelaatbaarheid voor de nieuwe school.",
                        requested_by_name=case.created_by_name,
                        status="toegekend" if status in PLACED else "in_behandeling",
                    )
                    request.case = case
                    requests.append(request)
                if status in set(MAIN_PATH[MAIN_PATH.index(S.WARME_OVERDRACHT) :]):
                    meetings.append(
                        Meeting(
                            case=case,
                            kind="warme_overdracht",
                            held_on=case.planned_on - datetime.timedelta(days=rng.randint(20, 60)),
                            location=target.name,
                            agenda="Kennismaking en wat werkt voor deze leerling.",
                            organiser=target,
                            created_by_name=case.created_by_name,
                        )
                    )
                if status in STARTED:
                    ended.append(ends[n])
                    new_enrolments.append(
                        Enrolment(
                            pupil_id=case.pupil_id,
                            organisation=target,
                            start_date=case.planned_on,
                            # Those who never came or dropped out left again within a month.
                            end_date=None
                            if status in (S.GESTART, S.NAZORG, S.AFGEROND)
                            else case.planned_on + datetime.timedelta(days=30),
                        )
                    )
                if status == S.AFGEROND:
                    feedback.append(
                        Feedback(
                            case=case,
                            moment="overdracht",
                            complete=rng.randint(2, 5),
                            useful=rng.randint(2, 5),
                            on_time=rng.randint(1, 5),
                            organisation=target,
                            given_by_name="Zorgcoördinator",
                        )
                    )
                if status == S.GEEN_PLEK:
                    owner = swv["po" if case.from_organisation.type in PO_TYPES else "vo"]
                    signals.append(_signal("geen_plek", case, owner, "swv_consulent", today))
                elif status == S.THUISZITTER:
                    owner = case.from_organisation.municipality or world["municipalities"][0]
                    signals.append(_signal("thuiszitter", case, owner, "leerplicht", today))
                elif status == S.NO_SHOW:
                    # The no-show signal came before the school said so; saying it handled the signal.
                    signal = _signal("no_show", case, target, "zorgcoordinator", today)
                    signal.status, signal.closed_at = "afgehandeld", now
                    signal.closed_reason = "De school heeft de overstap op no-show gezet."
                    signals.append(signal)
            for item, pk in zip(items, _next_ids(ChecklistItem, len(items)), strict=True):
                item.pk = pk
            fast_insert(ChecklistItem, items)
            Handover.objects.bulk_create(handovers)
            Meeting.objects.bulk_create(meetings)
            Feedback.objects.bulk_create(feedback)
            if ended:
                Enrolment.objects.filter(pk__in=ended).update(end_date=started_on - datetime.timedelta(days=1))
            Enrolment.objects.bulk_create(new_enrolments)
            SupportRequest.objects.bulk_create(requests)
            SwvDecision.objects.bulk_create(
                [
                    SwvDecision(
                        request=r,
                        granted=True,
                        number=f"TLV-{world['number']:02d}-{r.pk}",
                        start_date=r.case.planned_on,
                        end_date=r.case.planned_on + datetime.timedelta(days=365 * 2),
                        funding_category="midden",
                        motivation="De ondersteuningsbehoefte vraagt om speciaal onderwijs.",
                        decided_by_name="TLV-commissie",
                    )
                    for r in requests
                    if r.status == "toegekend"
                ]
            )
            Signal.objects.bulk_create(signals)
        for key, made in (
            ("cases", cases),
            ("checklist_items", items),
            ("handovers", handovers),
            ("meetings", meetings),
            ("feedback", feedback),
            ("support_requests", requests),
            ("signals", signals),
        ):
            counts[key] += len(made)
        report.advance(len(rows), f"moves: {counts['cases']:,} cases")
    reset_sequences([ChecklistItem])
    counts["by_status"] = by_status
    return counts


def _signal(kind: str, case: TransitionCase, owner: Organisation, role: str, today: datetime.date) -> Signal:
    causes = {
        "geen_plek": "Geen school gevonden voor de overstap.",
        "thuiszitter": "Leerling zit thuis na de overstap.",
        "no_show": "Leerling is niet verschenen op de nieuwe school.",
    }
    return Signal(
        kind=kind,
        pupil_id=case.pupil_id,
        case=case,
        owner=owner,
        owner_role=role,
        cause=causes[kind],
        cause_key=f"case:{case.pk}",
        raised_on=today - datetime.timedelta(days=3),
        due_on=today + datetime.timedelta(days=7),
    )


# --- thuiszitters and coaching --------------------------------------------------------------------------------------


def add_thuiszitters(world: dict, seed: int, today: datetime.date, share: int = 150) -> int:
    """About one in ``share`` pupils at home: two thirds absent without permission for four to twelve weeks, one
    third whose school ended nine days ago with no school after it; a route with its review date for half of them,
    with leerplicht of a municipality of the region acting."""
    rng = random.Random(f"thuiszitters:{seed}")
    current = list(
        Enrolment.objects.filter(end_date__isnull=True, organisation__in=list(world["organisations"]))
        .order_by("pk")
        .values_list("pk", "pupil_id", "organisation_id")
    )
    chosen = rng.sample(current, len(current) // share)
    absent, ended = chosen[: len(chosen) * 2 // 3], chosen[len(chosen) * 2 // 3 :]
    with transaction.atomic():
        AbsenceReport.objects.bulk_create(
            [
                AbsenceReport(
                    pupil_id=pupil,
                    school_id=school,
                    from_date=today - datetime.timedelta(days=rng.randint(20, 84)),
                    kind="ongeoorloofd",
                    recorded_by_name=_staff(rng),
                )
                for _pk, pupil, school in absent
            ],
            batch_size=BATCH,
        )
        ended_pks = [pk for pk, _p, _s in ended]
        for start in range(0, len(ended_pks), BATCH):
            Enrolment.objects.filter(pk__in=ended_pks[start : start + BATCH]).update(
                end_date=today - datetime.timedelta(days=9)
            )
        Route.objects.bulk_create(
            [
                Route(
                    pupil_id=pupil,
                    acting_organisation=rng.choice(world["municipalities"]),
                    next_review_on=today + datetime.timedelta(days=rng.randint(0, 40)),
                    status=rng.choice(["nieuw", "in_behandeling"]),
                )
                for _pk, pupil, _s in chosen[::2]
            ],
            batch_size=BATCH,
        )
    return len(chosen)


def build_caseloads(swv: Organisation, today: datetime.date, per_coach: int = 40, prefix: str = "coach") -> tuple:
    """Overstapcoaches of the samenwerkingsverband (user accounts ``<prefix>0``, ``<prefix>1`` ...), each with a
    caseload of ``per_coach`` of the open moves, and three contacts per coaching; returns the first coach's
    membership and the number of coachings."""
    from overstap.accounts.models import Membership, User

    open_cases = list(TransitionCase.objects.exclude(status="afgerond").order_by("pk").values_list("pk", "planned_on"))
    with transaction.atomic():
        coaches = []
        for n in range(0, len(open_cases), per_coach):
            user = User.objects.create(username=f"{prefix}{n // per_coach}")
            coaches.append(Membership.objects.create(user=user, organisation=swv, role="overstapcoach"))
        coachings = Coaching.objects.bulk_create(
            [
                Coaching(
                    case_id=pk,
                    coach=coaches[n // per_coach],
                    assigned_by_name="Consulent",
                    assigned_by_organisation=swv,
                    starts_on=today - datetime.timedelta(days=90),
                    ends_on=(planned_on or today) + datetime.timedelta(days=182),
                )
                for n, (pk, planned_on) in enumerate(open_cases)
            ],
            batch_size=BATCH,
        )
        Contact.objects.bulk_create(
            [
                Contact(
                    coaching=c,
                    on=today - datetime.timedelta(days=7 * k),
                    kind="gesprek",
                    note="Gesprek met de leerling over de keuze.",
                    next_on=today + datetime.timedelta(days=14) if k == 0 else None,
                    by_name="Coach",
                )
                for c in coachings
                for k in range(3)
            ],
            batch_size=2 * BATCH,
        )
    return coaches[0], len(coachings)


# --- the audit trail -----------------------------------------------------------------------------------------------

AUDIT_COLUMNS = (
    "at",
    "actor_id",
    "actor_name",
    "organisation_id",
    "organisation_name",
    "role",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "pupil_id",
    "legal_basis",
    "request_id",
    "path",
    "detail",
)


def seed_audit(world: dict, events: int, seed: int, today: datetime.date, report=None) -> int:
    """A year of reads and edits spread over the region's pupils, each by a staff member of the pupil's current
    place. The trail is append-only (triggers refuse UPDATE and DELETE); these are plain INSERTs in batches."""
    rng = random.Random(f"audit:{seed}")
    report = report or Reporter(_quiet, events)
    ids, current, orgs = world["pupil_ids"], world["current_ids"], world["organisations"]
    if not ids or not events:
        return 0
    staff = [_staff(rng) for _ in range(200)]
    moments = datetime.datetime.combine(today, datetime.time(17), tzinfo=datetime.UTC)
    actions = [("read", "pupils.Pupil", "Leerling")] * 7 + [
        ("list", "pupils.Pupil", "Leerlingenlijst"),
        ("read", "dossiers.Entry", "Dossieritem"),
        ("update", "dossiers.Entry", "Dossieritem"),
    ]
    table = connection.ops.quote_name("audit_auditevent")
    at = connection.ops.adapt_datetimefield_value
    placeholders = "(" + ", ".join(["%s"] * len(AUDIT_COLUMNS)) + ")"
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, events, BATCH):
            size = min(events, start + BATCH) - start
            rows = []
            for _ in range(size):
                n = rng.randrange(len(ids))
                pupil, org = ids[n], orgs[current[n]]
                action, object_type, label = rng.choice(actions)
                rows.extend(
                    (
                        at(moments - datetime.timedelta(minutes=rng.randrange(525_600))),
                        None,
                        rng.choice(staff),
                        org.pk,
                        org.name,
                        "ib" if org.type in PO_TYPES else "zorgcoordinator",
                        action,
                        object_type,
                        str(pupil),
                        label,
                        pupil,
                        "taak_school",
                        "",
                        f"/leerlingen/{pupil}/",
                        "{}",
                    )
                )
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({', '.join(AUDIT_COLUMNS)}) FROM STDIN") as copy:
                    width = len(AUDIT_COLUMNS)
                    for offset in range(0, len(rows), width):
                        copy.write_row(rows[offset : offset + width])
                written += size
                report.advance(size, f"audit events {written:,} of {events:,}")
                continue
            for offset in range(0, size, 500):
                part = min(500, size - offset)
                sql = f"INSERT INTO {table} ({', '.join(AUDIT_COLUMNS)}) VALUES " + ", ".join([placeholders] * part)
                cursor.execute(sql, rows[offset * 15 : (offset + part) * 15])
            written += size
            report.advance(size, f"audit events {written:,} of {events:,}")
    return written


# --- the whole region ----------------------------------------------------------------------------------------------


def generate(
    pupils: int,
    seed: int,
    today: datetime.date | None = None,
    audit_events_per_pupil: int = 10,
    progress: Progress = _quiet,
) -> dict:
    """A whole region with a new region number; returns the rows written per kind."""
    today = today or datetime.date.today()
    events = pupils * audit_events_per_pupil
    # Pupils, the moves (one pass over the current enrolments) and the audit trail, weighed by their rows.
    report = Reporter(progress, pupils * 3 + pupils + events)
    world = build_organisations(pupils, seed)
    counts = {"organisations": len(world["organisations"]), "regions": 2}
    pupil_report = _Scaled(report, 3)
    counts.update(build_pupils(world, pupils, seed, today, dossiers=True, report=pupil_report))
    counts.update(build_transitions(world, seed, today, report=report))
    counts["thuiszitters"] = add_thuiszitters(world, seed, today)
    counts["audit_events"] = seed_audit(world, events, seed, today, report=report)
    counts["number"] = world["number"]
    return counts


class _Scaled:
    """Counts a step of the work as ``weight`` units of progress."""

    def __init__(self, report: Reporter, weight: int):
        self.report, self.weight = report, weight

    def advance(self, amount: int, what: str) -> None:
        self.report.advance(amount * self.weight, what)
