"""The dates the findings measure against: from the region's protocol where it sets them, else from the same
settings the deadlines of a move use (``transitions/deadlines.py``), so a signal and a deadline never disagree.

A region sets a registration date with a protocol item for the transition (``PO-VO`` or ``VO-MBO``) that is the
region's date for the registration milestone (``ProtocolItem.milestone``) and has a deadline: the earliest such
deadline in the school year counts.
"""

import calendar
import datetime
from collections.abc import Callable

from django.conf import settings

from overstap.organisations.models import Organisation
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


def registration_dates(code: str, year: int) -> Callable[[Organisation], datetime.date]:
    """``po_vo_registration`` (``code`` "PO-VO") or ``vo_mbo_registration`` ("VO-MBO") for many schools at once:
    one query for the regions' dates and, only if a region sets one, one for the schools in those regions."""
    setting = settings.OVERSTAP_PO_VO_REGISTRATION_BY if code == "PO-VO" else settings.OVERSTAP_VO_MBO_REGISTRATION_BY
    default = _setting_date(setting, year + 1)
    start, end = datetime.date(year, 8, 1), datetime.date(year + 1, 7, 31)
    earliest = {}
    items = ProtocolItem.objects.filter(
        active=True, due_on__range=(start, end), milestone=MilestoneKey.AANMELDING
    ).order_by("due_on")
    for item in items:
        if code in item.transitions:
            earliest.setdefault(item.region_id, item.due_on)
    by_school = {}
    if earliest:
        through = Organisation.regions.through.objects.filter(region_id__in=earliest)
        for school_id, region_id in through.values_list("organisation_id", "region_id"):
            day = earliest[region_id]
            if school_id not in by_school or day < by_school[school_id]:
                by_school[school_id] = day
    return lambda school: by_school.get(school.pk, default)
