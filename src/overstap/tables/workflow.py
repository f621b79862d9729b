"""The one workflow of an Overstaptafel: planned → held → minutes closed, or cancelled. Nothing else writes its
status. Each step records the audit event in the same transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can

from .models import Overstaptafel, Status

S = Status
ALLOWED: dict[str, set[str]] = {
    S.PLANNED: {S.HELD, S.CANCELLED},
    S.HELD: {S.MINUTES_CLOSED, S.PLANNED},
    S.MINUTES_CLOSED: set(),
    S.CANCELLED: set(),
}


def next_statuses(tafel: Overstaptafel) -> list[Status]:
    return [S(s) for s in S.values if s in ALLOWED[tafel.status]]


def change_status(user, tafel: Overstaptafel, new_status: str, *, note: str = "", request=None) -> Overstaptafel:
    """Moves the tafel along the map; only its convener does. Cancelling needs a reason; a tafel is held on or after
    its date, not before."""
    if not can(user, "manage", tafel):
        if can(user, "view", tafel):
            raise ValidationError({"status": _("Status: only the convener changes the status of the tafel.")})
        raise PermissionDenied
    if new_status not in S.values:
        raise ValidationError({"status": _("Status: choose one of the next steps shown.")})
    note = note.strip()
    if new_status == S.CANCELLED and not note:
        raise ValidationError({"note": _("Reason: say why the tafel is cancelled.")})
    with transaction.atomic():
        current = Overstaptafel.objects.select_for_update().get(pk=tafel.pk)
        if new_status not in ALLOWED[current.status]:
            raise ValidationError(
                {
                    "status": _("Status: from “%(old)s” the tafel cannot go to “%(new)s”.")
                    % {"old": current.get_status_display(), "new": S(new_status).label}
                }
            )
        if new_status == S.HELD and current.held_on > timezone.localdate():
            raise ValidationError(
                {
                    "status": _("Status: the tafel is on %(day)s and cannot be held before then.")
                    % {"day": current.held_on.strftime("%d-%m-%Y")}
                }
            )
        old = current.status
        current.status = new_status
        current.status_note = note[:300]
        current.save(update_fields=["status", "status_note"])
        record(
            user,
            Action.STATUS_CHANGE,
            current,
            request=request,
            detail={"from": old, "to": new_status},
        )
    if new_status == S.CANCELLED:
        # The agreements of a cancelled tafel no longer stand: their open signals close by themselves.
        from .findings import resync_tafel

        resync_tafel(current)
    return current
