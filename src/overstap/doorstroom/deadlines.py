"""When a doorstroomdossier must be ready, and what still has to happen before it is, by whom."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from overstap.pupils.ages import age_on

from .models import Doorstroomdossier, Status

# The student signs alone from this age; younger, a legal representative agrees as well.
SIGNS_ALONE_FROM = 16


def school_year_of(day: datetime.date) -> str:
    """The school year a day falls in, written as transitions write it ("2026-2027"; a year starts on 1 August)."""
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{start + 1}"


def deadline(route: str, school_year: str) -> datetime.date:
    """The day the dossier of this route is ready by, in the school year it is written in (setting
    ``OVERSTAP_DOORSTROOM_DEADLINES``, "MM-DD" per route)."""
    month, day = (int(part) for part in settings.OVERSTAP_DOORSTROOM_DEADLINES[route].split("-"))
    return datetime.date(int(school_year[5:9]), month, day)


def needs_parent(pupil, on: datetime.date | None = None) -> bool:
    return age_on(pupil.birth_date, on or timezone.localdate()) < SIGNS_ALONE_FROM


# Who does a step: the student, the school (mentor or decaan) or a parent.
STUDENT, SCHOOL, PARENT = "student", "school", "parent"


@dataclass(frozen=True)
class Step:
    key: str
    who: str
    text: object  # a lazy translation, for the school's page; the family's panel words it for its reader
    done: bool


def steps(dossier: Doorstroomdossier, *, today: datetime.date | None = None) -> list[Step]:
    """Every step to a ready dossier, in order, with whether it is done."""
    signed = dossier.status in (Status.WAITING_FOR_PARENT, Status.READY)
    found = [
        Step("part_a", STUDENT, _("The student writes part A"), dossier.part_a_done),
        Step("part_b", SCHOOL, _("The mentor or decaan writes part B (advice)"), dossier.part_b_done),
        Step("sign", STUDENT, _("The student signs and chooses what the new school may read"), signed),
    ]
    if needs_parent(dossier.pupil, today) or dossier.status == Status.WAITING_FOR_PARENT or dossier.parent_agreed_at:
        found.append(
            Step("agree", PARENT, _("A parent with parental authority agrees"), dossier.status == Status.READY)
        )
    return found


def open_steps(dossier: Doorstroomdossier, *, today: datetime.date | None = None) -> list[Step]:
    return [step for step in steps(dossier, today=today) if not step.done]
