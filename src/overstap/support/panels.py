"""The SWV route's sections: on the pupil page the support requests the user may see and asking for support; on
the home page the work of the samenwerkingsverband (advice, decisions, TLVs ending)."""

from overstap.accounts.roles import SWV_ROLES
from overstap.core.panels import HOME_PAGE, PUPIL_PAGE, Panel, register

from .selectors import requests_for_pupil, swv_work


def support_context(request, pupil, allowed: set[str]) -> dict | None:
    requests = list(requests_for_pupil(request.user, pupil))
    may_request = "request_support" in allowed
    if not requests and not may_request:
        return None
    return {"requests": requests, "may_request": may_request}


register(
    Panel(
        name="support",
        template="support/panels/support.html",
        context=support_context,
        actions=("request_support",),
        slot=PUPIL_PAGE,
        order=20,
    )
)


def swv_home_context(request, _obj, allowed: set[str]) -> dict | None:
    """The home page of the samenwerkingsverband's consultant, orthopedagoog and TLV committee."""
    acting = getattr(request.user, "acting_membership", None)
    if acting is None or acting.role not in SWV_ROLES:
        return None
    work = swv_work(request.user)
    shown = [*work["to_advise"]["first"], *work["to_decide"]["first"]]
    ids = sorted({r.pk for r in shown} | {d.request_id for d in work["ending"]["first"]})
    # The requests this panel names, for the home page's one audit event.
    return {**work, "role": acting.role, "audit_ids": {"support.SupportRequest": ids}}


register(
    Panel(
        name="support_work",
        template="support/panels/home.html",
        context=swv_home_context,
        slot=HOME_PAGE,
        order=10,
    )
)
