"""The one workflow of a signal: which status may follow which. Nothing else writes a signal's status.

A person takes a signal on, hands it back, or closes it; the engine closes it when its cause is gone. Each step
writes a history row and the audit event in the same transaction.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can

from .models import Signal, SignalEvent, SignalStatus

S = SignalStatus
ALLOWED: dict[str, set[str]] = {
    S.OPEN: {S.IN_BEHANDELING, S.AFGEHANDELD},
    S.IN_BEHANDELING: {S.AFGEHANDELD, S.OPEN},
    S.AFGEHANDELD: set(),
}


def check_change(
    user, signal: Signal, new_status: str, *, note: str = "", automatic: bool = False, on_map: bool = False
) -> None:
    """What refuses a step before it is taken. Asked before a confirmation page is shown, also the map
    (``on_map``) for the signal as the page has it; the step itself checks the map on the locked signal."""
    if new_status not in S.values:
        raise ValidationError({"status": _("Status: choose one of the next steps shown.")})
    if not automatic and not can(user, "handle", signal):
        if can(user, "view", signal):
            raise ValidationError({"status": _("Status: this signal is handled by its owner.")})
        raise PermissionDenied
    if new_status == S.AFGEHANDELD and not automatic and not note.strip():
        raise ValidationError({"note": _("What was done: say how the signal was settled.")})
    if on_map and new_status not in ALLOWED[signal.status]:
        raise ValidationError(
            {
                "status": _("Status: from “%(old)s” the signal cannot go to “%(new)s”.")
                % {"old": signal.get_status_display(), "new": S(new_status).label}
            }
        )


def change_status(
    user,
    signal: Signal,
    new_status: str,
    *,
    note: str = "",
    next_on: datetime.date | None = None,
    automatic: bool = False,
    request=None,
) -> Signal:
    """Moves the signal along the map. A person needs ``handle`` on it; ``automatic`` is the engine closing a
    signal whose cause is gone (``note`` then says why)."""
    check_change(user, signal, new_status, note=note, automatic=automatic)
    with transaction.atomic():
        current = Signal.objects.select_for_update().get(pk=signal.pk)
        if new_status not in ALLOWED[current.status]:
            raise ValidationError(
                {
                    "status": _("Status: from “%(old)s” the signal cannot go to “%(new)s”.")
                    % {"old": current.get_status_display(), "new": S(new_status).label}
                }
            )
        old = current.status
        now = timezone.now()
        current.status = new_status
        fields = ["status"]
        if new_status == S.AFGEHANDELD:
            current.closed_at = now
            current.closed_reason = note.strip()[:300]
            current.closed_automatically = automatic
            fields += ["closed_at", "closed_reason", "closed_automatically"]
        current.save(update_fields=fields)
        SignalEvent.objects.create(
            signal=current,
            at=now,
            from_status=old,
            to_status=new_status,
            by_name=_("Overstap (automatic)") if automatic else str(user),
            note=note.strip(),
            next_on=next_on,
            automatic=automatic,
        )
        record(
            user,
            Action.STATUS_CHANGE,
            current,
            pupil_id=current.pupil_id,
            request=request,
            detail={"from": old, "to": new_status, "automatic": automatic},
        )
    return current
