"""Reads of the dossier that pages share. Each goes through the rule set (``for_user``); none writes."""

from django.db.models import QuerySet

from .models import CorrectionRequest, CorrectionStatus, Entry, IntegralPlan, Opp


def entries_for(user, pupil) -> QuerySet[Entry]:
    """The dossier entries of this pupil that the user may read, with the organisation that wrote them."""
    return Entry.objects.for_user(user, "list").filter(pupil=pupil).select_related("organisation")


def correctable_entries(user, pupil) -> set[int]:
    """The ids of this pupil's entries the user may ask the school to correct or add to (a family member only)."""
    entries = Entry.objects.for_user(user, "request_correction").filter(pupil=pupil)
    return set(entries.values_list("pk", flat=True))


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


def corrections_for(user, pupil) -> QuerySet[CorrectionRequest]:
    """The correction requests about this pupil's dossier (or, with ``None``, about every pupil) that the user may
    see, newest first."""
    requests = CorrectionRequest.objects.for_user(user, "list")
    if pupil is not None:
        requests = requests.filter(pupil=pupil)
    return requests.select_related("entry", "organisation").order_by("-asked_at", "-pk")


def corrections_to_answer(user, pupil=None) -> QuerySet[CorrectionRequest]:
    """The open requests this user answers (for one pupil, or all of theirs), the oldest first."""
    requests = CorrectionRequest.objects.for_user(user, "answer").filter(status=CorrectionStatus.OPEN)
    if pupil is not None:
        requests = requests.filter(pupil=pupil)
    return requests.select_related("entry", "pupil").order_by("due_on", "pk")


def correction_history(correction) -> list:
    return list(correction.events.all())
