"""The one place a coaching changes status, with the map of what may follow what."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.transitions import statuses

from .models import Coaching, Status

ALLOWED = {
    Status.ACTIVE: {Status.HANDED_OVER, Status.CLOSED, Status.STOPPED},
    Status.HANDED_OVER: {Status.CLOSED, Status.STOPPED},
    Status.CLOSED: set(),
    Status.STOPPED: set(),
}


def not_closable(coaching: Coaching) -> str:
    """Why the coaching cannot be closed now (empty when it can), as said on its confirmation page and on refusal."""
    if Status.CLOSED not in ALLOWED[coaching.status]:
        return _("Status: from “%(old)s” the coaching cannot go to “%(new)s”.") % {
            "old": coaching.get_status_display(),
            "new": Status.CLOSED.label,
        }
    if coaching.case.status not in statuses.STARTED:
        return _("Status: the coaching closes once the student is actually in class at the new school.")
    return ""


def change_status(user, coaching: Coaching, new_status: str, *, request=None, **fields) -> Coaching:
    with transaction.atomic():
        current = Coaching.objects.select_for_update().select_related("case").get(pk=coaching.pk)
        if new_status not in ALLOWED[current.status]:
            raise ValidationError(
                {
                    "status": _("Status: from “%(old)s” the coaching cannot go to “%(new)s”.")
                    % {"old": current.get_status_display(), "new": Status(new_status).label}
                }
            )
        if new_status == Status.CLOSED and current.case.status not in statuses.STARTED:
            raise ValidationError(
                {"status": _("Status: the coaching closes once the student is actually in class at the new school.")}
            )
        old = current.status
        current.status = new_status
        for name, value in fields.items():
            setattr(current, name, value)
        if new_status in (Status.CLOSED, Status.STOPPED):
            current.closed_on = current.closed_on or timezone.localdate()
        current.save()
        record(
            user,
            Action.STATUS_CHANGE,
            current,
            pupil_id=current.case.pupil_id,
            request=request,
            detail={"from": old, "to": new_status},
        )
    return current
