"""The doorstroomdossier's sections on other pages: on the pupil page for the school, on the case page of a move to
MBO or HBO whether the dossier is ready (for the sending school), and on the family home for the student (what they
still need to do and by when) and for a parent (reading it, and agreeing where the student is under 16)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.authz.actor import actor_for
from overstap.core.panels import CASE_PAGE, FAMILY_CHILD, PUPIL_PAGE, Panel, register
from overstap.pupils.ages import age_on
from overstap.pupils.scopes import acting_as_family

from .deadlines import PARENT, SCHOOL, STUDENT, school_year_of
from .models import Doorstroomdossier, Route, Status
from .selectors import current_dossier, newest_dossier, state_of
from .services import school_for

DOSSIER = "doorstroom.Doorstroomdossier"
# A student is invited to start one from this age (the last years of VO); a school may start it earlier.
INVITE_FROM_AGE = 15


def pupil_context(request, pupil, allowed: set[str]) -> dict | None:
    """For the school: the dossier of this year with where it stands, or starting one."""
    if acting_as_family(actor_for(request.user)) or not allowed & {"view_doorstroom", "start_doorstroom"}:
        return None
    dossier = current_dossier(request.user, pupil)
    if dossier is None and "start_doorstroom" not in allowed:
        return None
    context = {"dossier": dossier, "may_start": "start_doorstroom" in allowed}
    if dossier is not None:
        context |= {"state": state_of(dossier), "audit_ids": {DOSSIER: [dossier.pk]}}
    return context


register(
    Panel(
        name="doorstroom",
        template="doorstroom/panels/pupil.html",
        context=pupil_context,
        actions=("view_doorstroom", "start_doorstroom"),
        slot=PUPIL_PAGE,
        order=25,
    )
)


def case_context(request, case, allowed: set[str]) -> dict | None:
    """For the sending school, on a move to MBO or HBO: whether the student's doorstroomdossier is ready and so goes
    with the handover. Only its state, never its content; a link for those who may read it."""
    if case.code not in Route.values:
        return None
    actor = actor_for(request.user)
    if actor.membership is None or actor.organisation.pk != case.from_organisation_id:
        return None
    dossier = newest_dossier(case.pupil_id, case.code)
    may_read = (
        dossier is not None and Doorstroomdossier.objects.for_user(request.user, "view").filter(pk=dossier.pk).exists()
    )
    return {
        "dossier": dossier,
        "state": state_of(dossier) if dossier else None,
        "may_read": may_read,
        "route": Route(case.code).label,
    }


register(
    Panel(
        name="doorstroom",
        template="doorstroom/panels/case.html",
        context=case_context,
        actions=("view",),
        slot=CASE_PAGE,
        order=15,
    )
)


FAMILY_DOSSIERS = "_doorstroom_family_dossiers"


def _family_dossiers(request) -> dict[int, Doorstroomdossier]:
    """Every child's dossier of this school year (or the newest), read once per request."""
    found = getattr(request, FAMILY_DOSSIERS, None)
    if found is None:
        this_year = school_year_of(timezone.localdate())
        found = {}
        rows = (
            Doorstroomdossier.objects.for_user(request.user, "view")
            .select_related("pupil", "school")
            .order_by("-school_year", "-pk")
        )
        for dossier in rows:
            known = found.get(dossier.pupil_id)
            if known is None or (known.school_year != this_year and dossier.school_year == this_year):
                found[dossier.pupil_id] = dossier
        setattr(request, FAMILY_DOSSIERS, found)
    return found


def family_child_context(request, pupil, allowed: set[str]) -> dict | None:
    if not acting_as_family(actor_for(request.user)):
        return None
    is_pupil = getattr(pupil, "reader_is_pupil", False)
    dossier = _family_dossiers(request).get(pupil.pk)
    name = pupil.preferred_name or pupil.given_names.split()[0]
    if dossier is None:
        # The student is invited to start one in the last years of school; a parent hears of it once it exists.
        today = timezone.localdate()
        invited = is_pupil and "start_doorstroom" in allowed and age_on(pupil.birth_date, today) >= INVITE_FROM_AGE
        if invited and school_for(request.user, pupil) is not None:
            return {"dossier": None, "is_pupil": True, "start_url": reverse("doorstroom:pupil", args=[pupil.pk])}
        return None
    state = state_of(dossier)
    url = reverse("doorstroom:detail", args=[dossier.pk])
    due = state["deadline"]
    asks = []
    open_keys = {step.key for step in state["open"]}
    if is_pupil and "part_a" in open_keys:
        asks.append({"text": _("Write part A of your doorstroomdossier"), "due": due, "url": url})
    elif is_pupil and "sign" in open_keys:
        asks.append({"text": _("Read and sign your doorstroomdossier"), "due": due, "url": url})
    # A parent who reads the dossier has parental authority (the checkpoint shows it to no one else in the family).
    if not is_pupil and dossier.status == Status.WAITING_FOR_PARENT:
        text = _("Agree to the doorstroomdossier of %(name)s") % {"name": name}
        asks.append({"text": text, "due": due, "url": url})
    waiting_for = [step.who for step in state["open"]]
    return {
        "dossier": dossier,
        "state": state,
        "is_pupil": is_pupil,
        "name": name,
        "url": url,
        "asks": asks,
        "school_next": SCHOOL in waiting_for and STUDENT not in waiting_for,
        "parent_next": waiting_for == [PARENT],
        "audit_ids": {DOSSIER: [dossier.pk]},
    }


register(
    Panel(
        name="doorstroom_family_child",
        template="doorstroom/panels/family_child.html",
        context=family_child_context,
        actions=("start_doorstroom",),
        slot=FAMILY_CHILD,
        order=20,
    )
)
