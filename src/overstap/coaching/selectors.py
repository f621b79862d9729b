"""Reads of the coaching: the coach's caseload, the coaching of a move, who can be assigned."""

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from overstap.accounts.models import Membership
from overstap.accounts.roles import Role
from overstap.organisations.models import OrganisationType

from .models import OPEN_STATUSES, Coaching


def caseload(user) -> QuerySet[Coaching]:
    """The coach's open coachings, with the next agreed contact; the ones whose window has begun first."""
    return (
        Coaching.objects.for_user(user, "coach")
        .select_related("case__pupil", "case__from_organisation", "case__to_organisation")
        .annotate(next_contact_on=Max("contacts__next_on"), last_contact_on=Max("contacts__on"))
        .order_by("starts_on", "ends_on", "pk")
    )


def in_window(coaching: Coaching, today=None) -> bool:
    today = today or timezone.localdate()
    return coaching.starts_on <= today <= coaching.ends_on


def coachings_of_case(user, case) -> QuerySet[Coaching]:
    return (
        Coaching.objects.for_user(user, "view").filter(case=case).select_related("coach__user", "coach__organisation")
    )


def open_coaching_of_case(user, case) -> Coaching | None:
    return coachings_of_case(user, case).filter(status__in=OPEN_STATUSES).first()


def assignable_coaches(case) -> list[Membership]:
    """Overstapcoaches of the sending or receiving school, of a samenwerkingsverband of the school's region, or of
    the pupil's municipality, whose membership runs today."""
    today = timezone.localdate()
    regions = case.from_organisation.regions.values("pk")
    where = Q(organisation=case.from_organisation) | Q(
        organisation__type=OrganisationType.GEMEENTE, organisation=case.pupil.municipality_id
    )
    if case.to_organisation_id:
        where |= Q(organisation=case.to_organisation_id)
    where |= Q(
        organisation__regions__in=regions, organisation__type__in=(OrganisationType.SWV_PO, OrganisationType.SWV_VO)
    )
    return list(
        Membership.objects.filter(where, role=Role.OVERSTAPCOACH, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("user", "organisation")
        .distinct()
        .order_by("organisation__name", "user__last_name")
    )
