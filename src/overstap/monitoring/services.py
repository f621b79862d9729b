"""Acting on a signal: taking it on, recording what was done, closing it. Status changes go through
``workflow.change_status``; a note without a change of status is written here."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can

from .models import Signal, SignalEvent, SignalStatus
from .workflow import change_status, check_change


def take_on(user, signal: Signal, *, note: str = "", next_on: datetime.date | None = None, request=None) -> Signal:
    return change_status(user, signal, SignalStatus.IN_BEHANDELING, note=note, next_on=next_on, request=request)


def hand_back(user, signal: Signal, *, note: str = "", request=None) -> Signal:
    return change_status(user, signal, SignalStatus.OPEN, note=note, request=request)


def check_close(user, signal: Signal, *, note: str) -> None:
    """Raises what would refuse closing, before the confirmation page is shown."""
    check_change(user, signal, SignalStatus.AFGEHANDELD, note=note, on_map=True)


def close(user, signal: Signal, *, note: str, request=None) -> Signal:
    return change_status(user, signal, SignalStatus.AFGEHANDELD, note=note, request=request)


def record_action(
    user, signal: Signal, *, note: str, next_on: datetime.date | None = None, request=None
) -> SignalEvent:
    """A note of what was done (a contact, an agreement, the next date), without changing the status. The owner
    records, and so do leerplicht and RMC on the attendance signals of their municipality."""
    if not can(user, "record", signal):
        if can(user, "view", signal):
            raise ValidationError({"note": _("What was done: only the owner of this signal records on it.")})
        raise PermissionDenied
    if not note.strip():
        raise ValidationError({"note": _("What was done: write down the contact, agreement or next step.")})
    with transaction.atomic():
        current = Signal.objects.select_for_update().get(pk=signal.pk)  # as it is now, not as the page showed it
        if not current.is_open:
            raise ValidationError({"note": _("What was done: this signal is handled already.")})
        event = SignalEvent.objects.create(
            signal=current, at=timezone.now(), by_name=str(user), note=note.strip(), next_on=next_on
        )
        record(user, Action.UPDATE, signal, pupil_id=signal.pupil_id, request=request, detail={"note": event.pk})
    return event
