"""The one workflow of a route: which status may follow which. Nothing else writes a route's status.

New → being handled → back at school, at another place, or closed (each with a reason). A closed route stays as
history; when the pupil counts again, a new route begins.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can

from .models import Route, RouteEvent, RouteStatus

S = RouteStatus
CLOSED = {S.BACK_AT_SCHOOL, S.OTHER_PLACE, S.CLOSED}
ALLOWED: dict[str, set[str]] = {
    S.NEW: {S.IN_PROGRESS, *CLOSED},
    S.IN_PROGRESS: set(CLOSED),
    S.BACK_AT_SCHOOL: set(),
    S.OTHER_PLACE: set(),
    S.CLOSED: set(),
}


def snapshot(route: Route, **fields) -> RouteEvent:
    """A history row with what the route says now (``fields`` adds who, when and the change of status)."""
    acting = " · ".join(part for part in (str(route.acting_organisation or ""), route.acting_person) if part)
    return RouteEvent.objects.create(
        route=route,
        acting=acting,
        acting_since=route.acting_since,
        arrangement=route.arrangement,
        support_note=route.support_note,
        next_review_on=route.next_review_on,
        **fields,
    )


def change_status(user, route: Route, new_status: str, *, note: str = "", request=None) -> Route:
    if new_status not in S.values:
        raise ValidationError({"status": _("Status: choose one of the next steps shown.")})
    if not can(user, "change", route):
        raise PermissionDenied
    note = (note or "").strip()
    if new_status in CLOSED and not note:
        raise ValidationError({"note": _("Reason: say why the route ends (where the pupil goes, or why it stops).")})
    with transaction.atomic():
        current = Route.objects.select_for_update(of=("self",)).select_related("acting_organisation").get(pk=route.pk)
        if new_status not in ALLOWED[current.status]:
            raise ValidationError(
                {
                    "status": _("Status: from “%(old)s” the route cannot go to “%(new)s”.")
                    % {"old": current.get_status_display(), "new": S(new_status).label}
                }
            )
        old = current.status
        current.status = new_status
        current.version += 1
        fields = ["status", "version"]
        if new_status in CLOSED:
            current.closed_reason, current.closed_on = note, timezone.localdate()
            fields += ["closed_reason", "closed_on"]
        current.save(update_fields=fields)
        actor = actor_for(user)
        snapshot(
            current,
            at=timezone.now(),
            by_name=str(user),
            by_organisation=str(actor.organisation or ""),
            from_status=old,
            to_status=new_status,
            note=note,
        )
        record(
            user,
            Action.STATUS_CHANGE,
            current,
            pupil_id=current.pupil_id,
            request=request,
            detail={"from": old, "to": new_status},
        )
    return current
