"""The state machine of a support request: one place where its status changes, with an explicit map of the
allowed steps, and the audit event written in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record

from .models import Status, SupportRequest

ALLOWED = {
    Status.SUBMITTED: {Status.IN_PROGRESS, Status.WITHDRAWN},
    Status.IN_PROGRESS: {Status.GRANTED, Status.REFUSED, Status.WITHDRAWN},
    Status.GRANTED: set(),
    Status.REFUSED: set(),
    Status.WITHDRAWN: set(),
}


def change_status(user, support: SupportRequest, new_status: str, *, request=None, detail=None) -> SupportRequest:
    """The one place a support request changes status."""
    with transaction.atomic():
        current = SupportRequest.objects.select_for_update().get(pk=support.pk)
        if new_status not in ALLOWED[current.status]:
            raise ValidationError(
                {
                    "status": _("Status: from “%(old)s” the request cannot go to “%(new)s”.")
                    % {"old": current.get_status_display(), "new": Status(new_status).label}
                }
            )
        old = current.status
        current.status = new_status
        current.save(update_fields=["status"])
        record(
            user,
            Action.STATUS_CHANGE,
            current,
            request=request,
            legal_basis="taak_swv",
            detail={"from": old, "to": new_status, **(detail or {})},
        )
    return current
