"""The coaching's sections: on the case page (the coach, and assigning one) and on the coach's home page."""

from django.utils import timezone

from overstap.accounts.roles import Role
from overstap.authz.actor import actor_for
from overstap.authz.policy import can
from overstap.core.panels import CASE_PAGE, HOME_PAGE, Panel, register

from .forms import AssignForm
from .selectors import assignable_coaches, caseload, open_coaching_of_case


def case_context(request, case, allowed: set[str]) -> dict | None:
    coaching = open_coaching_of_case(request.user, case)
    coaches = assignable_coaches(case) if "assign_coach" in allowed else []
    if coaching is None and not coaches:
        return None
    return {
        "coaching": coaching,
        "may_open": coaching is not None and can(request.user, "view", coaching),
        "coaches": coaches,
        "form": AssignForm(coaches=coaches, initial={"coach": coaching.coach_id if coaching else ""}),
    }


def home_context(request, _nothing, allowed: set[str]) -> dict | None:
    if actor_for(request.user).role != Role.OVERSTAPCOACH:
        return None
    coachings = list(caseload(request.user))
    today = timezone.localdate()
    return {
        "count": len(coachings),
        "contact_due": sum(1 for c in coachings if c.next_contact_on and c.next_contact_on <= today),
        "first": coachings[:5],
    }


register(
    Panel(
        name="coaching",
        template="coaching/panels/case.html",
        context=case_context,
        actions=("assign_coach",),
        slot=CASE_PAGE,
        order=30,
    )
)
register(Panel(name="caseload", template="coaching/panels/home.html", context=home_context, slot=HOME_PAGE, order=40))
