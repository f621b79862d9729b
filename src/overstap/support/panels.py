"""The SWV route's section on the pupil page: the support requests the user may see, and asking for support."""

from overstap.core.panels import PUPIL_PAGE, Panel, register

from .selectors import requests_for_pupil


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
