"""Reads of the dossier that pages share. Each goes through the rule set (``for_user``); none writes."""

from django.db.models import QuerySet

from .models import Entry, IntegralPlan, Opp


def entries_for(user, pupil) -> QuerySet[Entry]:
    """The dossier entries of this pupil that the user may read, with the organisation that wrote them."""
    return Entry.objects.for_user(user, "list").filter(pupil=pupil).select_related("organisation")


def current_plans(user, pupil) -> dict:
    """The plans that are running for this pupil, as far as this user may read them: the OPPs not closed, and the
    latest plan of approach (a newer one replaces it)."""
    opps = list(
        Opp.objects.for_user(user, "view")
        .filter(pupil=pupil, closed_on__isnull=True)
        .select_related("organisation")
        .order_by("-established_on", "-pk")
    )
    integral = (
        IntegralPlan.objects.for_user(user, "view")
        .filter(pupil=pupil)
        .select_related("organisation")
        .order_by("-established_on", "-pk")
        .first()
    )
    return {"opps": opps, "integral": integral}
