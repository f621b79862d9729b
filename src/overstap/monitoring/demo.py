"""Demo signals: adds pupils and moves so that the engine raises a signal of every kind on any day of the year (dates
are relative to today), then runs the engine on the demo region:

- Jesse lost his place (no place) and Aya was registered but did not come (no-show); Yara's TLV VSO ends soon;
- Lucas, at SBO De Wegwijzer, has a move to SO Het Kompas for the start of this school year that was never
  registered (not placed on 1 October: only from 1 October to 31 July, as the rule itself only looks from then);
- Ruben, at the Lindendal College, had no place at the Praktijkschool and now sits at home (at home);
- Sanne (17, VSO De Horizon) moves to the ROC in two months: her TLV ends a month before the move (TLV at the
  move), she has youth care with no decision for the move (youth care at the move) and turns 18 in four months
  with no decision about the help after 18 (youth care at 18);
- Emma, at the Lindendal College, starts at the ROC in ten days and the ROC has not opened her handover (not
  opened);
- Kevin left the Praktijkschool for the ROC almost three months ago: his first follow-up contact is due
  (follow-up).
"""

import datetime

from django.utils import timezone

from overstap.accounts.models import User
from overstap.consent.services import give_consent
from overstap.dossiers.demo import _as
from overstap.dossiers.youthcare_services import record_youth_care
from overstap.organisations.models import Organisation
from overstap.pupils.models import Enrolment, FamilyLink, Pupil, Relation
from overstap.support.models import SupportRequest, SwvDecision
from overstap.transitions.cases import tick_checklist_item
from overstap.transitions.consent_asks import ask as ask_consent
from overstap.transitions.handover import choose_categories, handover_or_blank, record_inzage, waive_family_view
from overstap.transitions.models import Feedback, Status, TransitionCase
from overstap.transitions.workflow import change_status, open_case

from . import dates
from .engine import run_all


def _years_ago(years: int, month: int, day: int) -> datetime.date:
    return datetime.date(timezone.localdate().year - years, month, day)


def _add_pupils(today: datetime.date) -> None:
    lindendal = Organisation.objects.get(name="Gemeente Lindendal")
    college = Organisation.objects.get(name="Lindendal College")
    regenboog = Organisation.objects.get(name="Basisschool De Regenboog")

    # Jesse left the Lindendal College three weeks ago and is enrolled nowhere since.
    jesse = Pupil.objects.create(
        given_names="Jesse", family_name="Smit", birth_date=_years_ago(14, 4, 3), municipality=lindendal
    )
    Enrolment.objects.create(
        pupil=jesse,
        organisation=college,
        start_date=datetime.date(today.year - 2, 8, 20),
        end_date=today - datetime.timedelta(days=21),
        group="2 havo",
    )

    # Aya was registered at the Lindendal College for a start three weeks ago, and never came.
    aya = Pupil.objects.create(
        given_names="Aya", family_name="El Amrani", birth_date=_years_ago(12, 2, 17), municipality=lindendal
    )
    Enrolment.objects.create(
        pupil=aya, organisation=regenboog, start_date=datetime.date(today.year - 8, 8, 20), group="groep 8"
    )
    ib = _as("ib.regenboog")
    case = open_case(ib, aya, college, planned_on=today - datetime.timedelta(days=21))
    change_status(ib, case, Status.AANGEMELD)

    # Yara's TLV VSO ends in two and a half months.
    yara = Pupil.objects.get(family_name="Bakker", given_names="Yara")
    request = SupportRequest.objects.create(
        pupil=yara,
        school=Organisation.objects.get(name="VSO De Horizon"),
        swv=Organisation.objects.get(name="SWV VO Lindendal e.o."),
        kind="tlv_vso",
        question="Toelating tot het VSO.",
        requested_by_name="Demo",
        status="toegekend",
    )
    SwvDecision.objects.create(
        request=request,
        granted=True,
        number=f"TLV-{today.year}-90001",
        start_date=today - datetime.timedelta(days=700),
        end_date=today + datetime.timedelta(days=75),
        funding_category="midden",
        motivation="Toelating tot het VSO voor twee jaar.",
        decided_by_name="TLV-commissie SWV VO",
    )


def _birth_date(today: datetime.date, years: int, days_to_birthday: int) -> datetime.date:
    """Born ``years`` years before the birthday that is ``days_to_birthday`` days from today."""
    birthday = today + datetime.timedelta(days=days_to_birthday)
    try:
        return birthday.replace(year=birthday.year - years)
    except ValueError:  # 29 February
        return birthday.replace(year=birthday.year - years, day=28)


def _pupil(given, family, birth_date, municipality, school, since, group="", prefix=""):
    pupil = Pupil.objects.create(
        given_names=given,
        family_name=family,
        family_name_prefix=prefix,
        birth_date=birth_date,
        municipality=municipality,
    )
    Enrolment.objects.create(pupil=pupil, organisation=school, start_date=since, group=group)
    return pupil


def _add_more_pupils(today: datetime.date) -> None:
    lindendal = Organisation.objects.get(name="Gemeente Lindendal")
    beekveld = Organisation.objects.get(name="Gemeente Beekveld")
    college = Organisation.objects.get(name="Lindendal College")
    roc = Organisation.objects.get(name="ROC Lindendal")
    horizon = Organisation.objects.get(name="VSO De Horizon")
    praktijkschool = Organisation.objects.get(name="Praktijkschool Lindendal")
    year = dates.school_year_of(today)
    this_year_start = dates.school_year_start(year)

    # Lucas (9): his move from SBO to SO was meant for the start of this school year, but it was never registered.
    # "Not placed on 1 October" is only looked for from 1 October to the end of the school year (31 July); in
    # August and September this move raises no signal yet.
    lucas = _pupil(
        "Lucas",
        "Hoekstra",
        _birth_date(today, 10, 100),
        beekveld,
        Organisation.objects.get(name="SBO De Wegwijzer"),
        datetime.date(year - 2, 8, 20),
        "middenbouw",
    )
    open_case(
        _as("ib.wegwijzer", "SBO De Wegwijzer"),
        lucas,
        Organisation.objects.get(name="SO Het Kompas"),
        planned_on=this_year_start,
    )

    # Ruben (14): the Praktijkschool had no place for him, and he has been at home since.
    zorg_college = _as("zorg.college")
    ruben = _pupil("Ruben", "Kramer", _birth_date(today, 15, 150), lindendal, college, datetime.date(year - 1, 8, 20))
    ruben_case = open_case(zorg_college, ruben, praktijkschool, planned_on=today + datetime.timedelta(days=30))
    ruben_case = change_status(zorg_college, ruben_case, Status.GEEN_PLEK)
    change_status(zorg_college, ruben_case, Status.THUISZITTER)

    # Emma (17): starts at the ROC in ten days; her handover was sent, and nobody at the ROC has opened it.
    emma = _pupil("Emma", "Dijkstra", _birth_date(today, 18, 200), lindendal, college, datetime.date(year - 4, 8, 20))
    emma_case = open_case(zorg_college, emma, roc, planned_on=today + datetime.timedelta(days=10))
    emma_case = change_status(zorg_college, emma_case, Status.AANGEMELD)
    choose_categories(
        zorg_college,
        emma_case,
        ["ontwikkeling", "handelingsadviezen"],
        expected_version=handover_or_blank(emma_case).version,
    )
    emma_case = change_status(zorg_college, emma_case, Status.INZAGE_OUDERS)
    record_inzage(zorg_college, emma_case, today - datetime.timedelta(days=3), by_name="Emma")
    waive_family_view(zorg_college, emma_case)
    for item in emma_case.checklist.filter(required=True):
        tick_checklist_item(zorg_college, item)
    change_status(zorg_college, emma_case, Status.VERZONDEN)

    # Sanne (17, turns 18 in four months): from VSO De Horizon to the ROC in two months. Her TLV ends one month
    # before the move; she has youth care (with her consent) and no decision yet for the move or for after 18.
    sanne = _pupil(
        "Sanne", "Visser", _birth_date(today, 18, 122), beekveld, horizon, datetime.date(year - 3, 8, 20), "klas 5"
    )
    zorg_horizon = _as("zorg.horizon")
    move_on = today + datetime.timedelta(days=60)
    sanne_case = open_case(zorg_horizon, sanne, roc, planned_on=move_on)
    sanne_case = change_status(zorg_horizon, sanne_case, Status.AANGEMELD)
    request = SupportRequest.objects.create(
        pupil=sanne,
        school=horizon,
        swv=Organisation.objects.get(name="SWV VO Lindendal e.o."),
        kind="tlv_vso",
        question="Toelating tot het VSO.",
        requested_by_name="Demo",
        status="toegekend",
    )
    SwvDecision.objects.create(
        request=request,
        granted=True,
        number=f"TLV-{today.year}-90002",
        start_date=today - datetime.timedelta(days=1000),
        end_date=move_on - datetime.timedelta(days=30),
        funding_category="laag",
        motivation="Toelating tot het VSO tot de overstap naar het mbo.",
        decided_by_name="TLV-commissie SWV VO",
    )
    sanne_user = User.objects.create_user(username="sanne.visser", first_name="Sanne", last_name="Visser")
    FamilyLink.objects.create(user=sanne_user, pupil=sanne, relation=Relation.PUPIL, legal_representative=False)
    give_consent(sanne_user, sanne, "jeugdhulp", horizon)
    # ... and to the district team, so that its youth-care worker sees that her help ends at the move and at 18.
    give_consent(sanne_user, sanne, "jeugdhulp", Organisation.objects.get(name="Wijkteam en CJG Lindendal"))
    # Her youth care would help the ROC prepare, but it goes only with consent; from 16 she decides herself, so
    # the school asked her, and her home page asks it.
    choose_categories(
        zorg_horizon,
        sanne_case,
        ["ondersteuningsbehoeften", "jeugdhulp"],
        expected_version=handover_or_blank(sanne_case).version,
    )
    ask_consent(zorg_horizon, sanne_case, ["jeugdhulp"])
    record_youth_care(
        zorg_horizon,
        sanne,
        provider="Jeugdhulp Beekveld",
        worker="Tim de Jong",
        care_type="ambulant",
        start_on=today - datetime.timedelta(days=400),
        municipality=beekveld,
    )

    # Kevin (17): left the Praktijkschool for the ROC almost three months ago; the ROC gave its feedback after the
    # first weeks, and the Praktijkschool's first follow-up contact is due. History, so recorded as it stands.
    started = today - datetime.timedelta(days=80)
    kevin = Pupil.objects.create(
        given_names="Kevin", family_name="Mulder", birth_date=_birth_date(today, 18, 90), municipality=lindendal
    )
    # The new place first, so that the ended one never reads as "enrolled nowhere".
    Enrolment.objects.create(pupil=kevin, organisation=roc, start_date=started, group="Entree")
    Enrolment.objects.create(
        pupil=kevin,
        organisation=praktijkschool,
        start_date=datetime.date(started.year - 4, 8, 20),
        end_date=started - datetime.timedelta(days=1),
        group="leerjaar 4",
    )
    kevin_case = TransitionCase.objects.create(
        pupil=kevin,
        from_organisation=praktijkschool,
        to_organisation=roc,
        code="VO-MBO",
        school_year=f"{dates.school_year_of(started)}-{dates.school_year_of(started) + 1}",
        planned_on=started,
        status=Status.NAZORG,
        created_by_name="Petra Hendriks",
    )
    Feedback.objects.create(
        case=kevin_case,
        moment="eerste_weken",
        wellbeing="goed",
        comment="Kevin is op tijd en doet goed mee in de praktijklessen.",
        organisation=roc,
        given_by_name="Lisa Jansen",
    )


def load(stdout):
    today = timezone.localdate()
    if not Pupil.objects.filter(family_name="Smit", given_names="Jesse").exists():
        _add_pupils(today)
    if not Pupil.objects.filter(family_name="Mulder", given_names="Kevin").exists():
        _add_more_pupils(today)
    counts = run_all(today)
    open_kinds = {kind: c["open"] for kind, c in counts.items() if c["open"]}
    summary = ", ".join(f"{kind} {number}" for kind, number in sorted(open_kinds.items()))
    stdout.write(f"Demo signals: {sum(open_kinds.values())} open ({summary}).")
    return []
