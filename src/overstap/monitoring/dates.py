"""The dates the findings measure against: from the region's protocol where it sets them, else from the same
settings the deadlines of a move use (``transitions/deadlines.py``), so a signal and a deadline never disagree.

A region sets a registration date with a protocol item for the transition (``PO-VO`` or ``VO-MBO``) that is the
region's date for the registration milestone (``ProtocolItem.milestone``) and has a deadline: the earliest such
deadline in the school year counts.
"""

import calendar
import datetime

from django.conf import settings

from overstap.transitions.models import MilestoneKey, ProtocolItem


def school_year_of(day: datetime.date) -> int:
    """The first calendar year of the school year the day falls in (from 1 August)."""
    return day.year if day.month >= 8 else day.year - 1


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def school_year_start(year: int) -> datetime.date:
    """The first school day of the school year that begins in ``year`` (``OVERSTAP_SCHOOL_YEAR_START``, MM-DD)."""
    return _setting_date(settings.OVERSTAP_SCHOOL_YEAR_START, year)


def _setting_date(value: str, year: int) -> datetime.date:
    month, day = (int(part) for part in value.split("-"))
    return datetime.date(year, month, day)


def _protocol_date(school, code: str, year: int) -> datetime.date | None:

    start, end = datetime.date(year, 8, 1), datetime.date(year + 1, 7, 31)
    items = ProtocolItem.objects.filter(
        region__in=school.regions.values("pk"),
        active=True,
        due_on__range=(start, end),
        milestone=MilestoneKey.AANMELDING,
    ).order_by("due_on")
    return next((item.due_on for item in items if code in item.transitions), None)


def po_vo_registration(school, year: int) -> datetime.date:
    """By when a pupil in the last PO year is registered at a VO school."""
    return _protocol_date(school, "PO-VO", year) or _setting_date(settings.OVERSTAP_PO_VO_REGISTRATION_BY, year + 1)


def vo_mbo_registration(school, year: int) -> datetime.date:
    """By when a pupil in the exam year is registered at an MBO."""
    return _protocol_date(school, "VO-MBO", year) or _setting_date(settings.OVERSTAP_VO_MBO_REGISTRATION_BY, year + 1)
