"""Who is a thuiszitter: the one definition, in one place. The register, its counts, its export, the home-page
panel and the monitoring's "at home" signal all read it from here.

A pupil counts when, on the day asked about, they are of compulsory school age and either

1. enrolled at a school and absent without permission, by an absence report that is still open, since 28 days or
   more; or
2. enrolled at no school (a pre-school does not count as one).

Compulsory school age is leerplicht (from 5 until the end of the school year in which the pupil turns 16) or
kwalificatieplicht (under 18 without a startkwalificatie). A move whose case a school or leerplicht set to
"thuiszitter" opens an absence report without permission from that day (``receivers.py``), so it counts by the
same rule: at once when the pupil has no school left, after four weeks when they are still enrolled.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Enrolment, Pupil
from overstap.pupils.scopes import birthday_cutoff

from .models import AbsenceKind, AbsenceReport

ABSENCE_DAYS = 28
# The definition as the register page shows it, above the counts it explains.
DEFINITION = gettext_lazy(
    "A pupil is a thuiszitter when they are of compulsory school age (leerplicht: from 5 until the end of the "
    "school year in which they turn 16; qualification duty: until 18 without a startkwalificatie) and either are "
    "enrolled at a school but absent without permission for four weeks (28 days) or more, or are enrolled at no "
    "school at all. Absence with permission, such as with an exemption, does not count. A move recorded as “at "
    "home without education” counts as absence without permission from the day it was recorded."
)
SCHOOL_YEAR_STARTS = (8, 1)  # 1 August: the school year in which a pupil turns 16 ends on the next 31 July


def _years_before(day: datetime.date, years: int) -> datetime.date:
    return birthday_cutoff(years, day)


def school_year_start(day: datetime.date) -> datetime.date:
    start = datetime.date(day.year, *SCHOOL_YEAR_STARTS)
    return start if day >= start else start.replace(year=day.year - 1)


def compulsory_age(day: datetime.date) -> Q:
    """Pupils of compulsory school age on ``day``. Leerplicht: 5 or older, and turning 16 in this school year or
    later (then the duty runs to 31 July). Kwalificatieplicht: under 18 without a startkwalificatie by that day.
    The same ages as ``pupils.scopes.attendance_pupils`` (who leerplicht follows), with the end of the school year
    the law gives instead of the sixteenth birthday."""
    five = Q(birth_date__lte=_years_before(day, 5))
    leerplicht = Q(birth_date__gte=_years_before(school_year_start(day), 16))
    unqualified = Q(startkwalificatie_on__isnull=True) | Q(startkwalificatie_on__gt=day)
    kwalificatieplicht = Q(birth_date__gt=_years_before(day, 18)) & unqualified
    return five & (leerplicht | kwalificatieplicht)


def school_enrolments(day: datetime.date, **filters):
    return (
        Enrolment.objects.filter(start_date__lte=day, **filters)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .exclude(organisation__type=OrganisationType.VOORSCHOOL)
    )


def open_unexcused(day: datetime.date, **filters):
    return AbsenceReport.objects.filter(kind=AbsenceKind.UNEXCUSED, to_date__isnull=True, from_date__lte=day, **filters)


def annotate(pupils: QuerySet[Pupil], day: datetime.date) -> QuerySet[Pupil]:
    """Adds what the definition reads: ``enrolled`` (a school today), ``absent_since`` (the first day of the open
    absence without permission), ``last_left_on`` (when the last school enrolment ended)."""
    reports = open_unexcused(day, pupil=OuterRef("pk")).order_by().values("pupil")
    ended = (
        Enrolment.objects.filter(pupil=OuterRef("pk"), end_date__lt=day)
        .exclude(organisation__type=OrganisationType.VOORSCHOOL)
        .order_by()
        .values("pupil")
    )
    return pupils.annotate(
        enrolled=Exists(school_enrolments(day, pupil=OuterRef("pk"))),
        absent_since=Subquery(reports.annotate(first=Min("from_date")).values("first")[:1]),
        last_left_on=Subquery(ended.annotate(last=Max("end_date")).values("last")[:1]),
    )


def counted(pupils: QuerySet[Pupil], day: datetime.date | None = None) -> QuerySet[Pupil]:
    """The pupils of ``pupils`` who are thuiszitters on ``day`` (today), annotated as ``annotate`` says."""
    day = day or timezone.localdate()
    limit = day - datetime.timedelta(days=ABSENCE_DAYS)
    long_absent = Exists(open_unexcused(limit, pupil=OuterRef("pk")))
    # Enrolled and absent long enough, or not enrolled at all (then the absence does not matter).
    return annotate(pupils.filter(compulsory_age(day)), day).filter(long_absent | Q(enrolled=False))


@dataclass(frozen=True)
class Reason:
    kind: str  # "absent" or "not_enrolled"
    since: datetime.date | None
    text: str
    weeks: int | None = None


ABSENT, NOT_ENROLLED = "absent", "not_enrolled"


def reason(pupil: Pupil, day: datetime.date | None = None) -> Reason:
    """Why an annotated pupil counts, in words for the page, the export and the signal."""
    day = day or timezone.localdate()
    if pupil.enrolled:
        weeks = (day - pupil.absent_since).days // 7
        text = ngettext(
            "Absent without permission since %(day)s, %(weeks)s week",
            "Absent without permission since %(day)s, %(weeks)s weeks",
            weeks,
        ) % {"day": pupil.absent_since.strftime("%d-%m-%Y"), "weeks": weeks}
        return Reason(ABSENT, pupil.absent_since, text, weeks)
    if pupil.last_left_on is None:
        return Reason(NOT_ENROLLED, None, _("Not enrolled at any school"))
    return Reason(
        NOT_ENROLLED,
        pupil.last_left_on,
        _("Not enrolled at any school since %(day)s") % {"day": pupil.last_left_on.strftime("%d-%m-%Y")},
    )


def is_counted(pupil: Pupil, day: datetime.date | None = None) -> Pupil | None:
    """The pupil, annotated, when they count; else None."""
    return counted(Pupil.objects.filter(pk=pupil.pk), day).first()
