"""Changes to a transition case besides its status: another receiving school, a checklist item done.

Each change is checked again under a lock of the row it changes, so two people acting at once cannot both
succeed where only one may, and the audit event is written in the same transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can

from .models import ChecklistItem, Status, TransitionCase
from .workflow import check_version, derive_code, refresh_conditions

# While the case has one of these statuses (and nothing was sent), the sending school may choose another school.
RECEIVER_OPEN = (Status.VOORBEREIDING, Status.GEEN_PLEK)


def receiver_may_change(case: TransitionCase) -> bool:
    """Another receiving school can be chosen while the pupil has no place and nothing has been sent yet; after a
    handover was sent, a new school means a new transition (so meetings, notes and feedback stay with their school)."""
    if case.status not in RECEIVER_OPEN:
        return False
    return not case.handovers.filter(sent_at__isnull=False).exists()


def change_receiver(
    user, case: TransitionCase, to_organisation, *, seen_receiver_id, expected_version: int | None = None, request=None
):
    """The sending school chooses (another) receiving school while the pupil has no place yet.

    ``seen_receiver_id`` is the receiving school the person saw when they chose (None: none yet). When someone
    else changed it in the meantime, nothing changes and the person is asked to look again, so that nobody's
    choice (and what was prepared for it) disappears unseen. ``expected_version`` is the case's version the person
    saw: any change of the case since (another school, a step) raises ``workflow.CaseConflict``."""
    if not can(user, "change", case):
        raise PermissionDenied
    with transaction.atomic():
        locked = TransitionCase.objects.select_for_update().select_related("from_organisation").get(pk=case.pk)
        check_version(locked, expected_version)
        if not receiver_may_change(locked):
            raise ValidationError(
                {
                    "to_organisation": _(
                        "New school: it can only change while the pupil has no place and nothing was sent; "
                        "otherwise withdraw this transition and start a new one."
                    )
                }
            )
        if to_organisation is None:
            raise ValidationError({"to_organisation": _("New school: choose a school from the list.")})
        if locked.to_organisation_id != seen_receiver_id:
            raise ValidationError(
                {
                    "to_organisation": _(
                        "New school: someone else changed the receiving school just now. Nothing was changed; "
                        "check the school shown and choose again."
                    )
                }
            )
        if to_organisation.pk == locked.from_organisation_id:
            raise ValidationError({"to_organisation": _("New school: choose another school than the current one.")})
        if derive_code(locked.from_organisation, to_organisation) not in (None, locked.code):
            raise ValidationError(
                {
                    "to_organisation": _(
                        "New school: that school means another kind of transition; start a new transition for it."
                    )
                }
            )
        old = locked.to_organisation_id
        locked.to_organisation = to_organisation
        locked.version += 1
        locked.save(update_fields=["to_organisation", "version"])
        # What was prepared for the other school (never sent) does not carry over: consent and the parents'
        # reading were for that school.
        locked.handovers.filter(sent_at__isnull=True).exclude(recipient=to_organisation).delete()
        refresh_conditions(locked)
        record(user, Action.UPDATE, locked, request=request, detail={"to_organisation": [old, to_organisation.pk]})
    return locked


def tick_checklist_item(user, item: ChecklistItem, *, request=None) -> bool:
    """The sending school marks a checklist item done. Ticked twice (two tabs, two colleagues), it keeps the first
    date and name and is audited once. Returns whether this call ticked it."""
    case = item.case
    if not can(user, "change", case):
        raise PermissionDenied
    with transaction.atomic():
        updated = ChecklistItem.objects.filter(pk=item.pk, done_on__isnull=True).update(
            done_on=timezone.localdate(), done_by_name=str(user)
        )
        if updated:
            record(user, Action.UPDATE, case, request=request, detail={"checklist": item.key})
    return bool(updated)


def set_aside_checklist_item(user, item: ChecklistItem, reason: str, *, request=None) -> ChecklistItem:
    """The sending school sets an item aside that it will not do for this pupil, saying why; who and when are kept.
    A required item set aside no longer holds up the sending. An item done or set aside already stays as it is, and
    the person is told (two colleagues at once: the first one's word counts)."""
    case = item.case
    if not can(user, "change", case):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Reason for setting aside: say why this item is not done for this pupil.")})
    with transaction.atomic():
        locked = ChecklistItem.objects.select_for_update().get(pk=item.pk)
        if locked.settled:
            raise ValidationError(
                {"reason": _("Reason for setting aside: this item was already done or set aside; nothing changed.")}
            )
        locked.set_aside_reason = reason
        locked.set_aside_by_name = str(user)
        locked.set_aside_at = timezone.now()
        locked.save(update_fields=["set_aside_reason", "set_aside_by_name", "set_aside_at"])
        record(user, Action.UPDATE, case, request=request, detail={"checklist": locked.key, "set_aside": reason})
    return locked
