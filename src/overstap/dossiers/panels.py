"""The SWV route's section on the pupil page: the support requests the user may see, and asking for support."""

from overstap.pupils.panels import Panel, register

from .support import SupportRequest


def support_context(request, pupil, allowed: set[str]) -> dict | None:
    requests = list(
        SupportRequest.objects.for_user(request.user, "list").filter(pupil=pupil).select_related("decision")
    )
    may_request = "request_support" in allowed
    if not requests and not may_request:
        return None
    return {"requests": requests, "may_request": may_request}


register(
    Panel(
        name="support",
        template="dossiers/panels/support.html",
        context=support_context,
        actions=("request_support",),
        order=20,
    )
)
