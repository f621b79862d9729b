"""The signals' sections on the case page, the pupil page and the home page ("my open signals")."""

from overstap.accounts.roles import Role
from overstap.authz.actor import actor_for
from overstap.core.panels import CASE_PAGE, HOME_PAGE, PUPIL_PAGE, Panel, register

from .selectors import counts_per_kind, open_for, signals_for

HOME_FIRST = 5


def case_context(request, case, allowed: set[str]) -> dict | None:
    signals = list(open_for(request.user, case=case))
    return {"signals": signals} if signals else None


def pupil_context(request, pupil, allowed: set[str]) -> dict | None:
    signals = list(open_for(request.user, pupil=pupil))
    return {"signals": signals} if signals else None


def home_context(request, _obj, allowed: set[str]) -> dict | None:
    counts = counts_per_kind(request.user)
    if not counts:
        # A youth-care worker's work here is exactly these signals: say so, rather than showing nothing.
        youth_care = actor_for(request.user).role == Role.JEUGDHULP
        return {"counts": [], "signals": [], "youth_care": True} if youth_care else None
    return {"counts": counts, "signals": list(signals_for(request.user)[:HOME_FIRST])}


for slot, context, order in ((CASE_PAGE, case_context, 5), (PUPIL_PAGE, pupil_context, 5)):
    register(Panel(name="signals", template="monitoring/panels/signals.html", context=context, slot=slot, order=order))
register(Panel(name="signals", template="monitoring/panels/home.html", context=home_context, slot=HOME_PAGE, order=5))
