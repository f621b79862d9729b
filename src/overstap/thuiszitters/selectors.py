"""Reads of the register for a person: always through the checkpoint (``for_user``) and the one definition."""

import datetime

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from overstap.organisations.models import Organisation, OrganisationType
from overstap.pupils.models import Pupil

from . import definition
from .models import OPEN_ROUTE, AbsenceReport, Route, RouteStatus

NO_ROUTE = "geen"  # the status filter's value for a pupil nobody started a route for yet


def week_end(day: datetime.date) -> datetime.date:
    """The Sunday of the week of ``day``: a review "due this week" is on or before it (late ones included)."""
    return day + datetime.timedelta(days=6 - day.weekday())


def register_for(
    user,
    *,
    school: int | None = None,
    municipality: int | None = None,
    status: str = "",
    review_due: bool = False,
    day: datetime.date | None = None,
) -> QuerySet[Pupil]:
    """The thuiszitters this user may see, by the definition, with the reason (``definition.reason``), the open
    route's status and review date, and the school; the longest at home first."""
    day = day or timezone.localdate()
    pupils = definition.counted(Pupil.objects.for_user(user, "view_route"), day)
    latest = Route.objects.filter(pupil=OuterRef("pk")).order_by("-created_at", "-pk")
    school_now = definition.school_enrolments(day, pupil=OuterRef("pk")).order_by("-start_date")
    pupils = pupils.annotate(
        route_status=Subquery(latest.values("status")[:1]),
        route_review_on=Subquery(latest.filter(status__in=OPEN_ROUTE).values("next_review_on")[:1]),
        school_id=Subquery(school_now.values("organisation_id")[:1]),
        school_name=Subquery(school_now.values("organisation__name")[:1]),
        since=Coalesce("absent_since", "last_left_on"),
    ).select_related("municipality")
    if school:
        pupils = pupils.filter(school_id=school)
    if municipality:
        pupils = pupils.filter(municipality_id=municipality)
    if status == NO_ROUTE:
        pupils = pupils.filter(route_status__isnull=True)
    elif status in RouteStatus.values:
        pupils = pupils.filter(route_status=status)
    if review_due:
        pupils = pupils.filter(route_review_on__lte=week_end(day))
    return pupils.order_by(F("since").asc(nulls_first=True), "family_name", "pk")


def register_rows(user, day: datetime.date | None = None) -> list[Pupil]:
    """The user's whole register in one query, for the page, its counts, its filters and the export to work on.
    Thuiszitters are few next to the pupils of a region (tens in a municipality, hundreds in a region), so one
    read of the authorised set, filtered and counted in memory, beats asking the database the same question five
    times."""
    return list(register_for(user, day=day))


def filter_rows(
    rows: list[Pupil],
    *,
    school: int | None = None,
    municipality: int | None = None,
    status: str = "",
    review_due: bool = False,
    day: datetime.date | None = None,
) -> list[Pupil]:
    """The same filters as ``register_for``, on rows it returned."""
    end = week_end(day or timezone.localdate())
    return [
        pupil
        for pupil in rows
        if (not school or pupil.school_id == school)
        and (not municipality or pupil.municipality_id == municipality)
        and (
            not status
            or (status == NO_ROUTE and pupil.route_status is None)
            or (status != NO_ROUTE and pupil.route_status == status)
        )
        and (not review_due or (pupil.route_review_on is not None and pupil.route_review_on <= end))
    ]


def review_due(rows: list[Pupil], day: datetime.date | None = None) -> int:
    end = week_end(day or timezone.localdate())
    return sum(1 for pupil in rows if pupil.route_review_on is not None and pupil.route_review_on <= end)


def home_counts(user, day: datetime.date | None = None) -> tuple[int, int]:
    """(thuiszitters, of whom the review is due this week) for the home page, from one query."""
    rows = register_rows(user, day)
    return len(rows), review_due(rows, day)


def filter_options(rows: list[Pupil]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The schools and municipalities of the user's register, (id, name) sorted by name, for its filters."""
    schools = {pupil.school_id: pupil.school_name for pupil in rows if pupil.school_id}
    towns = {pupil.municipality_id: pupil.municipality.name for pupil in rows if pupil.municipality_id}
    return (
        sorted(schools.items(), key=lambda item: item[1]),
        sorted(towns.items(), key=lambda item: item[1]),
    )


def route_pupil(user, pupil_pk: int, day: datetime.date | None = None) -> Pupil | None:
    """The pupil of a route page, annotated by the definition whether or not they count (``counted`` says)."""
    day = day or timezone.localdate()
    pupil = (
        definition.annotate(Pupil.objects.for_user(user, "view_route"), day)
        .select_related("municipality")
        .filter(pk=pupil_pk)
        .first()
    )
    if pupil is not None:
        pupil.counted = definition.counted(Pupil.objects.filter(pk=pupil.pk), day).exists()
    return pupil


def open_route(user, pupil) -> Route | None:
    return (
        Route.objects.for_user(user, "view")
        .filter(pupil=pupil, status__in=OPEN_ROUTE)
        .select_related("acting_organisation")
        .first()
    )


def routes_of(user, pupil) -> QuerySet[Route]:
    return Route.objects.for_user(user, "view").filter(pupil=pupil).prefetch_related("events")


def absences_of(user, pupil) -> QuerySet[AbsenceReport]:
    return AbsenceReport.objects.for_user(user, "view").filter(pupil=pupil).select_related("school")


def acting_choices(pupil) -> list[Organisation]:
    """Who can act on the route: the pupil's municipality, the samenwerkingsverbanden of the regions of the
    pupil's schools (now, or the last one), and the schools themselves."""
    day = timezone.localdate()
    enrolments = pupil.enrolments.exclude(organisation__type=OrganisationType.VOORSCHOOL)
    current = enrolments.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    schools = current if current.exists() else enrolments.order_by("-end_date")[:1]
    school_ids = [e.organisation_id for e in schools]
    swvs = Organisation.objects.filter(
        type__in=(OrganisationType.SWV_PO, OrganisationType.SWV_VO),
        regions__in=Organisation.objects.filter(pk__in=school_ids).values("regions"),
    )
    where = Q(pk__in=school_ids) | Q(pk__in=swvs.values("pk"))
    if pupil.municipality_id:
        where |= Q(pk=pupil.municipality_id)
    return list(Organisation.objects.filter(where).distinct().order_by("type", "name"))
