"""The dates the findings measure against: from the region's protocol where it sets them, else from settings.

A region sets a registration date by adding a protocol item for the transition (``PO-VO`` or ``VO-MBO``) whose text
mentions registering ("aanmeld") and has a deadline: the earliest such deadline in the school year counts.
"""

import calendar
import datetime

from django.conf import settings


def school_year_of(day: datetime.date) -> int:
    """The first calendar year of the school year the day falls in (from 1 August)."""
    return day.year if day.month >= 8 else day.year - 1


def add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def school_year_start(year: int) -> datetime.date:
    """``OVERSTAP_SIGNAL_SCHOOL_YEAR_START`` (MM-DD) if set, else the last Monday of August."""
    if settings.OVERSTAP_SIGNAL_SCHOOL_YEAR_START:
        month, day = (int(part) for part in settings.OVERSTAP_SIGNAL_SCHOOL_YEAR_START.split("-"))
        return datetime.date(year, month, day)
    last = datetime.date(year, 8, 31)
    return last - datetime.timedelta(days=last.weekday())


def _setting_date(value: str, year: int) -> datetime.date:
    month, day = (int(part) for part in value.split("-"))
    return datetime.date(year, month, day)


def _protocol_date(school, code: str, year: int) -> datetime.date | None:
    from overstap.transitions.models import ProtocolItem

    start, end = datetime.date(year, 8, 1), datetime.date(year + 1, 7, 31)
    items = ProtocolItem.objects.filter(
        region__in=school.regions.values("pk"), active=True, due_on__range=(start, end), text__icontains="aanmeld"
    ).order_by("due_on")
    return next((item.due_on for item in items if code in item.transitions), None)


def po_vo_registration(school, year: int) -> datetime.date:
    """By when a pupil in the last PO year is registered at a VO school (default 1 March)."""
    return _protocol_date(school, "PO-VO", year) or _setting_date(settings.OVERSTAP_SIGNAL_PO_VO_REGISTRATION, year + 1)


def vo_mbo_registration(school, year: int) -> datetime.date:
    """By when a pupil in the exam year is registered at an MBO (default 1 April)."""
    return _protocol_date(school, "VO-MBO", year) or _setting_date(
        settings.OVERSTAP_SIGNAL_VO_MBO_REGISTRATION, year + 1
    )
