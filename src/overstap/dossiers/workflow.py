"""The one workflow of a correction request: which status may follow which. Nothing else writes its status.

Open → corrected, statement added, or not changed (with a reason). An answer is final: the family may ask again
about the same entry. Each step writes a history row and the audit event in the same transaction, and announces
the change (``events.correction_changed``) so that the overdue-answer signal closes at once.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can

from . import events
from .models import CorrectionEvent, CorrectionRequest, CorrectionStatus

S = CorrectionStatus
ALLOWED: dict[str, set[str]] = {
    S.OPEN: {S.CORRECTED, S.ADDED, S.REFUSED},
    S.CORRECTED: set(),
    S.ADDED: set(),
    S.REFUSED: set(),
}


def check_change(user, correction: CorrectionRequest, new_status: str, *, note: str = "") -> None:
    """What refuses a step before it is taken (also asked before the confirmation page is shown)."""
    if new_status not in S.values or new_status == S.OPEN:
        raise ValidationError({"answer": _("Answer: choose one of the answers shown.")})
    if not can(user, "answer", correction):
        raise PermissionDenied
    if new_status == S.REFUSED and not (note or "").strip():
        raise ValidationError({"note": _("Reason: say why the entry stays as it is.")})
    if new_status not in ALLOWED[correction.status]:
        raise ValidationError({"answer": _("Answer: this request has been answered already.")})


def change_status(
    user, correction: CorrectionRequest, new_status: str, *, note: str = "", version=None, request=None
) -> CorrectionRequest:
    """Answers the request. ``version`` is the entry's version after a correction or an added statement."""
    check_change(user, correction, new_status, note=note)
    note = (note or "").strip()
    with transaction.atomic():
        current = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
        if new_status not in ALLOWED[current.status]:
            raise ValidationError({"answer": _("Answer: this request has been answered already.")})
        old = current.status
        now = timezone.now()
        current.status = new_status
        current.answer = note
        current.answered_by_name = str(user)
        current.answered_at = now
        current.answered_version = version
        current.save(update_fields=["status", "answer", "answered_by_name", "answered_at", "answered_version"])
        CorrectionEvent.objects.create(
            request=current, at=now, by_name=str(user), from_status=old, to_status=new_status, note=note
        )
        record(
            user,
            Action.STATUS_CHANGE,
            current,
            pupil_id=current.pupil_id,
            request=request,
            detail={"from": old, "to": new_status},
        )
        events.correction_changed.send(sender=CorrectionRequest, correction=current)
    return current
