"""Reads of the doorstroomdossier. What a person sees goes through the checkpoint (``for_user``); what the handover
carries is a system read of the student's released parts (``released_content``), which the transitions app calls
when it builds the handover."""

from django.db.models import QuerySet
from django.utils import timezone

from .deadlines import deadline, school_year_of, steps
from .models import Doorstroomdossier, Status


def dossiers_for_pupil(user, pupil) -> QuerySet[Doorstroomdossier]:
    """The pupil's doorstroomdossiers this person may read, newest school year first."""
    return (
        Doorstroomdossier.objects.for_user(user, "view")
        .filter(pupil=pupil)
        .select_related("pupil", "school")
        .order_by("-school_year", "-pk")
    )


def current_dossier(user, pupil) -> Doorstroomdossier | None:
    """The dossier of this school year, or else the newest one this person may read."""
    dossiers = list(dossiers_for_pupil(user, pupil))
    this_year = school_year_of(timezone.localdate())
    return next((d for d in dossiers if d.school_year == this_year), dossiers[0] if dossiers else None)


def state_of(dossier: Doorstroomdossier, today=None) -> dict:
    """What a page shows about where the dossier stands: the deadline, every step and what is still open."""
    today = today or timezone.localdate()
    due = deadline(dossier.route, dossier.school_year)
    all_steps = steps(dossier, today=today)
    return {
        "deadline": due,
        "late": dossier.status != Status.READY and today > due,
        "steps": all_steps,
        "open": [step for step in all_steps if not step.done],
    }


def ready_dossier(pupil_id: int, route: str) -> Doorstroomdossier | None:
    """The student's newest ready dossier of this route (a system read, for the handover)."""
    return (
        Doorstroomdossier.objects.filter(pupil_id=pupil_id, route=route, status=Status.READY)
        .order_by("-school_year", "-pk")
        .first()
    )


def newest_dossier(pupil_id: int, route: str) -> Doorstroomdossier | None:
    return Doorstroomdossier.objects.filter(pupil_id=pupil_id, route=route).order_by("-school_year", "-pk").first()


def released_content(pupil_id: int, route: str) -> dict | None:
    """What the handover carries of the student's doorstroomdossier: only a ready one, and of it only the parts the
    student released. Plain data, frozen with the handover when it is sent."""
    dossier = ready_dossier(pupil_id, route)
    if dossier is None:
        return None
    content = {
        "id": dossier.pk,
        "route": dossier.route,
        "school_year": dossier.school_year,
        "school": str(dossier.school),
        "signed_by": dossier.signed_by_name,
        "signed_at": timezone.localdate(dossier.signed_at).isoformat() if dossier.signed_at else "",
        "parent_agreed_by": dossier.parent_agreed_by_name,
        "released": dossier.released,
    }
    if dossier.releases_a:
        content["part_a"] = {
            "study_choice": dossier.study_choice,
            "strengths": dossier.strengths,
            "support_needs": dossier.support_needs,
            "what_helps": dossier.what_helps,
        }
    if dossier.releases_b:
        content["part_b"] = {
            "advice": dossier.advice,
            "by": dossier.advice_by_name,
            "on": timezone.localdate(dossier.advice_at).isoformat() if dossier.advice_at else "",
        }
    return content
