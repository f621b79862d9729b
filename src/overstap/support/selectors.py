"""Reads of the SWV route: the TLV that holds on a day, the TLVs ending soon, and the lists the pages show.

Lists for a person go through the rule set (``for_user``); the system reads (``valid_tlv``, ``granted_decisions``)
serve rules elsewhere, such as the transition workflow, and are never shown as such.
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from overstap.organisations.models import PO_TYPES, Organisation, OrganisationType

from .models import TLV_KINDS, SupportRequest, SwvDecision

LIST_LIMIT = 200
ENDING_WITHIN_DAYS = 120  # about four months: time to plan the next step with school and parents


def swv_for(school: Organisation) -> Organisation | None:
    """The samenwerkingsverband of the school's region and sector."""
    swv_type = OrganisationType.SWV_PO if school.type in PO_TYPES else OrganisationType.SWV_VO
    return Organisation.objects.filter(type=swv_type, regions__in=school.regions.all(), active=True).first()


def valid_tlv(pupil, kind: str, on: datetime.date | None = None) -> SwvDecision | None:
    """The TLV of this kind that holds for the pupil on this day, if any."""
    on = on or timezone.localdate()
    return (
        SwvDecision.objects.filter(request__pupil=pupil, request__kind=kind, granted=True, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .order_by("-end_date")
        .first()
    )


def granted_decisions(pupil, *, kind: str | None = None) -> QuerySet[SwvDecision]:
    """The pupil's granted decisions (of one kind, if given), whatever their dates."""
    decisions = SwvDecision.objects.filter(request__pupil=pupil, granted=True)
    return decisions.filter(request__kind=kind) if kind else decisions


def tlvs_ending(within_days: int = ENDING_WITHIN_DAYS, *, today: datetime.date | None = None):
    """Granted TLVs whose end date falls in the coming period: a signal to plan the next step in time."""
    today = today or timezone.localdate()
    return SwvDecision.objects.filter(
        granted=True,
        request__kind__in=[k.value for k in TLV_KINDS],
        end_date__gte=today,
        end_date__lte=today + datetime.timedelta(days=within_days),
    ).select_related("request__pupil")


def requests_for(user) -> list[SupportRequest]:
    """The support requests this user may list, open ones first, at most ``LIST_LIMIT``."""
    requests = (
        SupportRequest.objects.for_user(user, "list")
        .select_related("pupil", "school", "decision")
        .order_by("status", "-requested_at")
    )
    return list(requests[:LIST_LIMIT])


def ending_tlvs_for(user) -> list[SwvDecision]:
    """For someone acting for a samenwerkingsverband: the TLVs it granted that end soon; for others nothing."""
    acting = getattr(user, "acting_membership", None)
    if acting is None or not acting.organisation.is_swv:
        return []
    visible = SupportRequest.objects.for_user(user, "list").filter(swv=acting.organisation)
    return list(tlvs_ending().filter(request__in=visible).order_by("end_date"))


def requests_for_pupil(user, pupil) -> QuerySet[SupportRequest]:
    """The support requests about this pupil that the user may see, with their decision (the pupil page)."""
    return SupportRequest.objects.for_user(user, "list").filter(pupil=pupil).select_related("decision")


def swv_work(user, *, first: int = 5) -> dict:
    """For the samenwerkingsverband's experts and TLV committee: requests waiting for advice, waiting for a decision,
    and TLVs ending within four months; each a count and the first ones. Through ``for_user`` with the action that
    does the work, so each person sees what is theirs to do: advice for the experts, a decision for the committee."""
    to_advise = (
        SupportRequest.objects.for_user(user, "advise")
        .exclude(advices__expert=user)
        .select_related("pupil", "school")
        .order_by("requested_at", "pk")
    )
    to_decide = (
        SupportRequest.objects.for_user(user, "decide").select_related("pupil", "school").order_by("requested_at", "pk")
    )
    ending = ending_tlvs_for(user)
    return {
        "to_advise": {"count": to_advise.count(), "first": list(to_advise[:first])},
        "to_decide": {"count": to_decide.count(), "first": list(to_decide[:first])},
        "ending": {"count": len(ending), "first": ending[:first]},
    }
