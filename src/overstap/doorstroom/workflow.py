"""The one place a doorstroomdossier changes status, with the allowed steps and the audit event in the same
transaction.

- writing → ready: the student (16 or older) signed;
- writing → waiting for a parent: a student under 16 signed, a legal representative agrees next;
- waiting for a parent → ready: the representative agreed;
- waiting / ready → writing: part A or B changed after signing, so the signature no longer covers the text;
- ready → waiting for a parent: an under-16 student changed what the new school may read.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record

from .models import Doorstroomdossier, Status

ALLOWED = {
    Status.WRITING: {Status.WAITING_FOR_PARENT, Status.READY},
    Status.WAITING_FOR_PARENT: {Status.READY, Status.WRITING},
    Status.READY: {Status.WRITING, Status.WAITING_FOR_PARENT},
}


def change_status(user, dossier: Doorstroomdossier, new_status: str, request=None, detail=None) -> Doorstroomdossier:
    """Moves the dossier to ``new_status`` if that step is allowed; the caller has checked who may take it. Going
    back to writing clears the signature and the agreement: they were given for a text that changed."""
    with transaction.atomic():
        current = Doorstroomdossier.objects.select_for_update().get(pk=dossier.pk)
        if new_status not in ALLOWED[current.status]:
            raise ValidationError(
                {
                    "status": _("Status: from “%(old)s” the doorstroomdossier cannot go to “%(new)s”.")
                    % {"old": current.get_status_display(), "new": Status(new_status).label}
                }
            )
        old = current.status
        current.status = new_status
        fields = ["status", "updated_at"]
        if new_status == Status.WRITING:
            current.signed_by_name, current.signed_at = "", None
            fields += ["signed_by_name", "signed_at"]
        if new_status != Status.READY:
            current.parent_agreed_by_name, current.parent_agreed_at = "", None
            fields += ["parent_agreed_by_name", "parent_agreed_at"]
        current.save(update_fields=fields)
        record(
            user,
            Action.STATUS_CHANGE,
            current,
            request=request,
            detail={"from": old, "to": new_status, **(detail or {})},
        )
    return current
