"""The transitions' sections on other pages: preparing a move on the pupil page, and the deadlines of a move on
the pupil page and the case page."""

from django.utils import timezone

from overstap.core.panels import CASE_PAGE, PUPIL_PAGE, Panel, register

from .deadlines import DONE, LATE, milestones, milestones_for
from .models import Status, TransitionCase


def transition_context(request, pupil, allowed: set[str]) -> dict | None:
    return {} if "open_transition" in allowed else None


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
