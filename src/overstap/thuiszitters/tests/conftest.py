"""A world of two municipalities, each with its schools and samenwerkingsverbanden, and pupils on either side of
the definition: absent six weeks, absent two weeks, absent with permission, enrolled nowhere, never enrolled, too
old, qualified, and one thuiszitter in the other municipality."""

import datetime

import pytest
from django.utils import timezone

from overstap.organisations.models import OrganisationType as T
from overstap.organisations.models import Sector
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    RegionFactory,
)
from overstap.thuiszitters.definition import school_year_start
from overstap.thuiszitters.models import AbsenceKind, AbsenceReport

TODAY = timezone.localdate()
PLANTED = "Diagnose-ZZ-7731 en medicatie"  # support content that must never reach leerplicht


def days(n: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=n)


def born(years: int, extra_days: int = 40) -> datetime.date:
    return TODAY.replace(year=TODAY.year - years) - datetime.timedelta(days=extra_days)


def acting(membership):
    membership.user.acting_membership = membership
    return membership


def _area(letter: str) -> dict:
    po, vo = (
        RegionFactory(sector=Sector.PO, code=f"PO 7{letter}"),
        RegionFactory(sector=Sector.VO, code=f"VO 7{letter}"),
    )
    area = {
        "gemeente": OrganisationFactory(type=T.GEMEENTE, name=f"Gemeente {letter}"),
        "bao": OrganisationFactory(type=T.BAO, name=f"Basisschool {letter}"),
        "vo": OrganisationFactory(type=T.VO, name=f"College {letter}"),
        "swv_po": OrganisationFactory(type=T.SWV_PO, name=f"SWV PO {letter}"),
        "swv_vo": OrganisationFactory(type=T.SWV_VO, name=f"SWV VO {letter}"),
    }
    area["gemeente"].regions.add(po, vo)
    for kind in ("bao", "swv_po"):
        area[kind].regions.add(po)
    for kind in ("vo", "swv_vo"):
        area[kind].regions.add(vo)
    for role, kind in (
        ("leerplicht", "gemeente"),
        ("rmc", "gemeente"),
        ("ib", "bao"),
        ("zorgcoordinator", "vo"),
        ("mentor", "vo"),
        ("swv_consulent", "swv_vo"),
        ("swv_consulent_po", "swv_po"),
    ):
        area[role] = acting(MembershipFactory(organisation=area[kind], role=role.removesuffix("_po")))
    return area


def _absence(pupil, school, since: int, kind=AbsenceKind.UNEXCUSED) -> AbsenceReport:
    return AbsenceReport.objects.create(
        pupil=pupil, school=school, from_date=days(since), kind=kind, recorded_by_name="Zorgcoördinator"
    )


@pytest.fixture
def town(db):
    a, b = _area("A"), _area("B")

    def pupil(name, area, years, **fields):
        return PupilFactory(
            given_names=name,
            family_name=area["gemeente"].name[-1],
            birth_date=born(years),
            municipality=area["gemeente"],
            **fields,
        )

    p = {
        "absent6": pupil("Absent6", a, 13),
        "absent2": pupil("Absent2", a, 13),
        "excused": pupil("Excused", a, 13),
        "unenrolled": pupil("Unenrolled", a, 14),
        "never": pupil("Never", a, 6),
        "adult": pupil("Adult", a, 19),
        "qualified": PupilFactory(
            given_names="Qualified",
            family_name="A",
            birth_date=school_year_start(TODAY).replace(year=school_year_start(TODAY).year - 16)
            - datetime.timedelta(days=1),
            municipality=a["gemeente"],
            startkwalificatie_on=days(100),
        ),
        "b_absent": pupil("BAbsent", b, 12),
    }
    for name in ("absent6", "absent2", "excused"):
        EnrolmentFactory(pupil=p[name], organisation=a["vo"], start_date=days(400))
    for name in ("unenrolled", "adult", "qualified"):
        EnrolmentFactory(pupil=p[name], organisation=a["vo"], start_date=days(400), end_date=days(30))
    EnrolmentFactory(pupil=p["b_absent"], organisation=b["vo"], start_date=days(400))
    _absence(p["absent6"], a["vo"], 42)
    _absence(p["absent2"], a["vo"], 14)
    _absence(p["excused"], a["vo"], 60, AbsenceKind.EXCUSED)
    _absence(p["b_absent"], b["vo"], 35)
    parent = FamilyLinkFactory(pupil=p["absent6"]).user
    return {"a": a, "b": b, "p": p, "parent": parent}


COUNTED = {"absent6", "unenrolled", "never", "b_absent"}
