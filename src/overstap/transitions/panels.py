"""The transitions' sections on other pages: preparing a move and its deadlines on the pupil page, the deadlines on
the case page, and on the home page what each party has to do today (the sending school, the receiving school,
leerplicht/RMC, the family)."""

from django.utils import timezone

from overstap.accounts.roles import ATTENDANCE_ROLES, DOSSIER_OWNER_ROLES, Role
from overstap.authz.actor import actor_for
from overstap.core.panels import CASE_PAGE, HOME_PAGE, PUPIL_PAGE, Panel, register
from overstap.pupils.models import FamilyLink, Relation
from overstap.pupils.scopes import acting_as_family

from . import selectors
from .deadlines import DONE, LATE, milestones, milestones_for
from .models import Status, TransitionCase

CASE = "transitions.TransitionCase"
# A move that is over: no longer "open" on the pupil page.
CLOSED = (Status.AFGEROND, Status.INGETROKKEN)


def _shown(*case_lists) -> dict:
    """The cases a home panel names, for the page's audit event (the page records one list event for all panels)."""
    return {"audit_ids": {CASE: sorted({case.pk for cases in case_lists for case in cases})}}


def transition_context(request, pupil, allowed: set[str]) -> dict | None:
    """The pupil's open moves with their status (for whoever may see them), and starting one."""
    cases = list(
        TransitionCase.objects.for_user(request.user, "view")
        .filter(pupil=pupil)
        .exclude(status__in=CLOSED)
        .select_related("from_organisation", "to_organisation")
        .order_by("-created_at", "-pk")
    )
    may_open = "open_transition" in allowed
    if not cases and not may_open:
        return None
    return {"cases": cases, "may_open": may_open, "audit_ids": {CASE: [case.pk for case in cases]}}


def received_timeline_context(request, pupil, allowed: set[str]) -> dict | None:
    """The pupil's earlier stages as this school received them: each handover with its date, sender and the
    basis of each part, and the plans in it that the school may carry on as its own."""
    from overstap.audit.models import Action
    from overstap.audit.services import record
    from overstap.dossiers.models import IntegralPlan, Opp

    from . import carry_on

    handovers = carry_on.received_handovers(request.user, pupil)
    if not handovers:
        return None
    ids = [handover.pk for handover in handovers]
    carried: dict[int, list] = {}
    for model in (Opp, IntegralPlan):
        for plan in model.objects.for_user(request.user, "list").filter(pupil=pupil, based_on_handover_id__in=ids):
            carried.setdefault(plan.based_on_handover_id, []).append(plan)
    stages = []
    for handover in handovers:
        content = handover.content or {}
        sections = content.get("sections", [])
        bases: dict[str, list[str]] = {}
        for section in sections:
            bases.setdefault(section.get("basis", ""), []).append(section.get("category", ""))
        may_carry = carry_on.may_carry_on(request.user, handover.case)
        stages.append(
            {
                "handover": handover,
                "case": handover.case,
                "received_on": timezone.localdate(handover.received_at),
                "sender": handover.case.from_organisation,
                "bases": sorted(bases.items()),
                "opps": list(enumerate(carry_on.plans_in(handover, "opp"))) if may_carry else [],
                "plans": list(enumerate(carry_on.plans_in(handover, "plan"))) if may_carry else [],
                "carried": carried.get(handover.pk, []),
            }
        )
    record(
        request.user,
        Action.LIST,
        pupil_id=pupil.pk,
        request=request,
        object_type="transitions.Handover",
        object_repr="received handovers",
        detail={"shown": ids},
    )
    return {"stages": stages}


def sending_context(request, _obj, allowed: set[str]) -> dict | None:
    actor = actor_for(request.user)
    if actor.role not in DOSSIER_OWNER_ROLES:
        return None
    work = selectors.sending_work(request.user, actor.organisation)
    # Shown to the dossier owners also before their first move (it says where to start one), unless their school
    # only receives so far: then the pupils coming in are the work, and an empty panel would come first.
    if not work["total"] and selectors.receives_cases(request.user, actor.organisation):
        return None
    checklist_cases = [item.case for item in work["checklist"]["first"]]
    return {
        **work,
        **_shown(work["waiting"]["first"], work["starting"]["first"], work["inspection"]["first"], checklist_cases),
    }


def receiving_context(request, _obj, allowed: set[str]) -> dict | None:
    actor = actor_for(request.user)
    if actor.role not in DOSSIER_OWNER_ROLES:
        return None
    work = selectors.receiving_work(request.user, actor.organisation)
    if not work["has_cases"]:
        return None
    feedback_cases = [case for case, _moment in work["feedback"]["first"]]
    return {**work, **_shown(work["arrived"]["first"], work["warm"]["first"], feedback_cases)}


def mentor_context(request, _obj, allowed: set[str]) -> dict | None:
    actor = actor_for(request.user)
    if actor.role != Role.MENTOR:
        return None
    pages = selectors.mentor_pages_for(request.user)
    return {**pages, **_shown(pages["first"])}


def without_place_context(request, _obj, allowed: set[str]) -> dict | None:
    actor = actor_for(request.user)
    if actor.role not in ATTENDANCE_ROLES:
        return None
    work = selectors.without_place_for(request.user)
    return {**work, "role": actor.role, **_shown([row["case"] for row in work["first"]])}


def family_context(request, _obj, allowed: set[str]) -> dict | None:
    actor = actor_for(request.user)
    if not acting_as_family(actor):
        return None
    # The pupil reads "je", a parent or carer "u".
    is_pupil = FamilyLink.objects.filter(user=request.user, relation=Relation.PUPIL).exists()
    children = selectors.family_cases(request.user)
    cases = [move["case"] for child in children for move in child["moves"]]
    return {"children": children, "is_pupil": is_pupil, **_shown(cases)}


register(
    Panel(
        name="received_timeline",
        template="transitions/panels/received_timeline.html",
        context=received_timeline_context,
        slot=PUPIL_PAGE,
        order=5,
    )
)
register(
    Panel(
        name="transition",
        template="transitions/panels/transition.html",
        context=transition_context,
        actions=("open_transition",),
        slot=PUPIL_PAGE,
        order=10,
    )
)
for name, template, context, order in (
    ("transitions_family", "home_family", family_context, 5),
    ("transitions_sending", "home_sending", sending_context, 10),
    ("transitions_receiving", "home_receiving", receiving_context, 20),
    ("transitions_mentor", "home_mentor", mentor_context, 20),
    ("transitions_without_place", "home_without_place", without_place_context, 10),
):
    register(Panel(name, f"transitions/panels/{template}.html", context, slot=HOME_PAGE, order=order))


def case_deadlines_context(request, case, allowed: set[str]) -> dict | None:
    if "view" not in allowed:
        return None
    items = milestones(case, timezone.localdate())
    if not items:
        return None
    return {
        "milestones": items,
        "late_count": sum(1 for m in items if m.state == LATE),
        "done_count": sum(1 for m in items if m.state == DONE),
    }


def pupil_deadlines_context(request, pupil, allowed: set[str]) -> dict | None:
    # Only the moves this user may see; a withdrawn one has no deadlines any more.
    cases = list(
        TransitionCase.objects.for_user(request.user, "view")
        .filter(pupil=pupil)
        .exclude(status__in=(Status.INGETROKKEN, Status.AFGEROND))
        .select_related("from_organisation", "to_organisation")
    )
    if not cases:
        return None
    per_case = milestones_for(cases, timezone.localdate())
    rows = [
        {"case": case, "milestones": items, "done_count": sum(1 for m in items if m.state == DONE)}
        for case in cases
        if (items := per_case[case.pk])
    ]
    return {"cases": rows} if rows else None


register(
    Panel(
        name="deadlines",
        template="transitions/deadlines/case_panel.html",
        context=case_deadlines_context,
        actions=("view",),
        slot=CASE_PAGE,
        order=20,
    )
)
register(
    Panel(
        name="deadlines",
        template="transitions/deadlines/pupil_panel.html",
        context=pupil_deadlines_context,
        slot=PUPIL_PAGE,
        order=15,
    )
)
