"""The register's sections: on the home page of leerplicht and the SWV consultant ("Thuiszitters: n, k with a
review due this week"), and on the pupil page (absence and route, for whoever may see them)."""

from overstap.authz.actor import actor_for
from overstap.core.panels import HOME_PAGE, PUPIL_PAGE, Panel, register

from .rules import SHARING_ROLES
from .selectors import absences_of, home_counts, open_route


def home_context(request, _nothing, allowed: set[str]) -> dict | None:
    if actor_for(request.user).role not in SHARING_ROLES:
        return None
    count, review_due = home_counts(request.user)
    return {"count": count, "review_due": review_due}


def pupil_context(request, pupil, allowed: set[str]) -> dict | None:
    if "view_route" not in allowed:
        return None
    return {
        "absences": list(absences_of(request.user, pupil)[:3]),
        "route": open_route(request.user, pupil),
        "may_record": "record_absence" in allowed,
    }


register(
    Panel(name="thuiszitters", template="thuiszitters/panels/home.html", context=home_context, slot=HOME_PAGE, order=8)
)
register(
    Panel(
        name="thuiszitters",
        template="thuiszitters/panels/pupil.html",
        context=pupil_context,
        actions=("view_route", "record_absence"),
        slot=PUPIL_PAGE,
        order=6,
    )
)
