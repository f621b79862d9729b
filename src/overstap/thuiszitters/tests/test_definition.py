"""The one definition: who counts, why, and the ages of compulsory school."""

import datetime

import pytest

from overstap.pupils.models import Pupil
from overstap.testing.factories import PupilFactory
from overstap.thuiszitters import definition
from overstap.thuiszitters.models import AbsenceReport

from .conftest import COUNTED, TODAY, days

pytestmark = pytest.mark.django_db


def _names(pupils):
    return {p.given_names.lower() for p in pupils}


def test_the_register_counts_exactly_the_pupils_the_definition_names(town):
    assert _names(definition.counted(Pupil.objects.all())) == {n.replace("_", "") for n in COUNTED}


def test_the_reason_says_since_when_and_how_long(town):
    absent = definition.is_counted(town["p"]["absent6"])
    assert definition.reason(absent).text == f"Sinds {days(42):%d-%m-%Y} ongeoorloofd afwezig, 6 weken"
    unenrolled = definition.is_counted(town["p"]["unenrolled"])
    assert definition.reason(unenrolled).text == f"Sinds {days(30):%d-%m-%Y} op geen enkele school ingeschreven"
    assert definition.reason(definition.is_counted(town["p"]["never"])).text == "Op geen enkele school ingeschreven"


def test_four_weeks_is_the_day_it_starts_to_count(town):
    pupil = town["p"]["absent2"]
    report = AbsenceReport.objects.get(pupil=pupil)
    AbsenceReport.objects.filter(pk=report.pk).update(from_date=days(27))
    assert definition.is_counted(pupil) is None
    AbsenceReport.objects.filter(pk=report.pk).update(from_date=days(28))
    assert definition.is_counted(pupil) is not None
    AbsenceReport.objects.filter(pk=report.pk).update(to_date=TODAY)  # back today: not absent any more
    assert definition.is_counted(pupil) is None


@pytest.mark.parametrize(
    ("birth", "qualified", "counted"),
    [
        (datetime.date(2021, 12, 1), False, True),  # 5 on 1 December 2026
        (datetime.date(2021, 12, 3), False, False),  # 5 only tomorrow
        # Turns 16 in the school year 2026-2027: leerplicht to 31 July 2027, even with a startkwalificatie.
        (datetime.date(2010, 8, 1), True, True),
        # Turned 16 in the previous school year: only the qualification duty is left, which a diploma ends.
        (datetime.date(2010, 7, 31), True, False),
        (datetime.date(2010, 7, 31), False, True),
        (datetime.date(2008, 12, 3), False, True),  # 18 tomorrow
        (datetime.date(2008, 12, 2), False, False),  # 18 today
    ],
)
def test_compulsory_school_age(db, birth, qualified, counted):
    day = datetime.date(2026, 12, 2)
    pupil = PupilFactory(birth_date=birth, startkwalificatie_on=datetime.date(2026, 6, 30) if qualified else None)
    assert Pupil.objects.filter(definition.compulsory_age(day), pk=pupil.pk).exists() is counted
    assert (definition.counted(Pupil.objects.filter(pk=pupil.pk), day).first() is not None) is counted
