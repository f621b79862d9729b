"""Demo pupils with their school careers, and two family members who can log in."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.accounts.demo import DEMO_PASSWORD, demo_totp_secret, ensure_user
from overstap.organisations.demo import organisation

from .models import Enrolment, FamilyLink, Programme, Pupil, Relation


def _years_ago(years: int, month: int = 1, day: int = 15) -> datetime.date:
    return datetime.date(timezone.localdate().year - years, month, day)


def _sixteen_and_some_months() -> datetime.date:
    today = timezone.localdate()
    try:
        birthday = today.replace(year=today.year - 16)
    except ValueError:  # 29 February
        birthday = today.replace(year=today.year - 16, day=28)
    return birthday - datetime.timedelta(days=200)


def _school_year_start(years_ago: int) -> datetime.date:
    today = timezone.localdate()
    year = today.year if today.month >= 8 else today.year - 1
    return datetime.date(year - years_ago, 8, 20)


# given names, called, prefix, family name, birth date, municipality key, [(org key, start, end, programme, group)]
PUPILS = [
    (
        "Sem Johannes",
        "Sem",
        "",
        "Jansen",
        _years_ago(11, 3, 2),
        "gemeente-lindendal",
        [
            ("boomhut", _years_ago(9), _school_year_start(8), Programme.VVE, ""),
            ("regenboog", _school_year_start(7), None, "", "groep 8"),
        ],
    ),
    (
        "Noor",
        "",
        "van",
        "Leeuwen",
        # Always 16 (and a few months): she gives her own consent, which she may only from 16.
        _sixteen_and_some_months(),
        "gemeente-lindendal",
        [
            ("regenboog", _school_year_start(12), _school_year_start(4) - datetime.timedelta(days=50), "", ""),
            ("college", _school_year_start(4), None, Programme.LWOO, "4 vmbo-k"),
        ],
    ),
    (
        "Daan",
        "",
        "",
        "Vermeulen",
        _years_ago(9, 9, 30),
        "gemeente-lindendal",
        [
            ("klaverblad", _school_year_start(5), _school_year_start(1) - datetime.timedelta(days=30), "", ""),
            ("wegwijzer", _school_year_start(1), None, "", "middenbouw"),
        ],
    ),
    (
        "Lotte Maria",
        "Lotte",
        "",
        "de Graaf",
        _years_ago(10, 12, 1),
        "gemeente-beekveld",
        [("kompas", _school_year_start(3), None, Programme.ARRANGEMENT, "groep 6/7")],
    ),
    (
        "Milan",
        "",
        "",
        "Bos",
        _years_ago(3, 6, 18),
        "gemeente-lindendal",
        [("boomhut", _years_ago(1), None, Programme.VVE, "peutergroep")],
    ),
    (
        "Fleur",
        "",
        "",
        "Wouters",
        _years_ago(14, 2, 9),
        "gemeente-lindendal",
        [
            ("regenboog", _school_year_start(10), _school_year_start(2) - datetime.timedelta(days=50), "", ""),
            ("praktijkschool", _school_year_start(2), None, "", "leerjaar 3"),
        ],
    ),
    (
        "Yara",
        "",
        "",
        "Bakker",
        _years_ago(15, 8, 1),
        "gemeente-beekveld",
        [("horizon", _school_year_start(3), None, "", "klas 3")],
    ),
    (
        # Moves from De Regenboog to the Praktijkschool; his OPP and plan of approach went with the handover.
        "Finn",
        "",
        "van",
        "Dam",
        _years_ago(12, 5, 14),
        "gemeente-lindendal",
        [("regenboog", _school_year_start(7), None, "", "groep 8")],
    ),
    (
        "Bram",
        "",
        "",
        "Koster",
        _years_ago(17, 10, 12),
        "gemeente-lindendal",
        [
            ("college", _school_year_start(5), _school_year_start(1) - datetime.timedelta(days=50), Programme.LWOO, ""),
            ("roc", _school_year_start(1), None, "", "Entree"),
        ],
    ),
]

PUPILS.append(
    # Sem's sister, in her second year at secondary school: a parent with two children sees both.
    (
        "Tess Marije",
        "Tess",
        "",
        "Jansen",
        _years_ago(14, 5, 20),
        "gemeente-lindendal",
        [
            ("regenboog", _school_year_start(10), _school_year_start(2) - datetime.timedelta(days=50), "", ""),
            ("college", _school_year_start(2), None, "", "2 havo"),
        ],
    )
)

FAMILY = [
    # username, first, last, pupil (family name, given names), relation, legal representative
    ("ouder.jansen", "Marloes", "Jansen", ("Jansen", "Sem Johannes"), Relation.PARENT, True),
    ("ouder.jansen", "Marloes", "Jansen", ("Jansen", "Tess Marije"), Relation.PARENT, True),
    # Sem's father, without parental authority: he is told that Sem moves and where to, nothing of the dossier.
    ("vader.jansen", "Rob", "Jansen", ("Jansen", "Sem Johannes"), Relation.PARENT, False),
    ("noor.vanleeuwen", "Noor", "van Leeuwen", ("Leeuwen", "Noor"), Relation.PUPIL, False),
]


def load(stdout):
    for given, called, prefix, family, born, municipality, career in PUPILS:
        pupil, _created = Pupil.objects.update_or_create(
            given_names=given,
            family_name=family,
            birth_date=born,
            defaults={
                "preferred_name": called,
                "family_name_prefix": prefix,
                "municipality": organisation(municipality),
            },
        )
        for org_key, start, end, programme, group in career:
            Enrolment.objects.update_or_create(
                pupil=pupil,
                organisation=organisation(org_key),
                start_date=start,
                defaults={"end_date": end, "programme": programme, "group": group},
            )
    logins = []
    for username, first, last, (family, given), relation, representative in FAMILY:
        user = ensure_user(username, first, last)
        pupil = Pupil.objects.get(family_name=family, given_names=given)
        FamilyLink.objects.update_or_create(
            user=user, pupil=pupil, defaults={"relation": relation, "legal_representative": representative}
        )
        known = next((i for i, login in enumerate(logins) if login[1] == username), None)
        if known is not None:  # a second child of the same parent: one login, both names
            label, *rest = logins[known]
            logins[known] = (f"{label}, {pupil.full_name}", *rest)
            continue
        kind = (
            Relation(relation).label
            if relation != Relation.PARENT or representative
            else _("Parent without parental authority")
        )
        label = f"{kind} · {pupil.full_name}"
        logins.append((label, username, DEMO_PASSWORD, demo_totp_secret(username)))
    stdout.write(f"Demo pupils: {len(PUPILS)} pupils with their school careers.")
    _demo_import()
    return logins


DEMO_LIST = "leerlingen-regenboog.csv"


def _demo_import() -> None:
    """De Regenboog imported its pupil list once, through the same steps as the page: the pupils it has already
    (so nothing changed) and one row with a date that does not exist, skipped and named in the report."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from overstap.accounts.models import User

    from . import imports
    from .models import PupilImport

    school = organisation("regenboog")
    if PupilImport.objects.filter(organisation=school, file_name=DEMO_LIST).exists():
        return
    ib = User.objects.get(username="ib.regenboog")
    ib.acting_membership = ib.active_memberships().get(organisation=school)
    lines = ["Voornamen;Roepnaam;Tussenvoegsel;Achternaam;Geboortedatum;Groep"]
    today = timezone.localdate()
    for enrolment in Enrolment.objects.filter(organisation=school).select_related("pupil"):
        if enrolment.end_date is None or enrolment.end_date >= today:
            p = enrolment.pupil
            born = p.birth_date.strftime("%d-%m-%Y")
            lines.append(
                f"{p.given_names};{p.preferred_name};{p.family_name_prefix};{p.family_name};{born};{enrolment.group}"
            )
    lines.append("Tim;;;de Boer;30-02-2017;5")
    upload = SimpleUploadedFile(DEMO_LIST, "\r\n".join(lines).encode("utf-8"))
    pupil_import = imports.upload(ib, school, upload)
    pupil_import = imports.check(ib, pupil_import, pupil_import.mapping, valid_only=True)
    imports.run(ib, pupil_import)
