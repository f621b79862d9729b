"""The signal engine: brings the signals of a kind in line with its findings (``findings.py``).

For each kind: a finding without a signal raises one; a signal that is still open or being handled stays as it is;
one whose cause is gone closes itself with a reason. A finding someone closed by hand is not raised again, unless the
kind says so (the unopened handover keeps being raised while it is unopened, as it always was). Syncing is
idempotent and can be narrowed to one pupil, which is how changes raise their signals at once (``receivers.py``).

A signal's cause and history are stored as text, read later by people in the region: they are written in the
project's language (``LANGUAGE_CODE``, Dutch) whatever language is active when the engine runs (a request from a
browser set to English, a job, the demo loader), so a Dutch reader never finds an English cause.

A kind may take others over for the same pupil (``supersedes``): a pupil the thuiszitters register counts gets the
"at home" signal only, not also "no place"; the no-place signal they had closes itself saying where the work went.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record

from . import events
from . import findings as findings_module
from .models import NOT_HANDLED, Signal, SignalEvent, SignalStatus
from .workflow import change_status


@dataclass
class Counts:
    raised: int = 0
    closed: int = 0
    open: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"raised": self.raised, "closed": self.closed, "open": self.open}


def kinds() -> list[str]:
    return list(findings_module.REGISTRY)


def sync(kind: str, today: datetime.date | None = None, *, pupil=None, found=None, close_only: bool = False) -> Counts:
    """Raises and closes the signals of one kind (for one pupil, if given). ``found`` replaces the findings (the
    unopened-handover command passes its own number of days); ``close_only`` only closes what is gone."""
    with translation.override(settings.LANGUAGE_CODE):
        return _sync(kind, today, pupil=pupil, found=found, close_only=close_only)


def _sync(kind: str, today, *, pupil, found, close_only: bool) -> Counts:
    today = today or timezone.localdate()
    entry = findings_module.REGISTRY[kind]
    taken_over = findings_module.superseded(kind, today, pupil)
    current = {
        f.cause_key: f
        for f in (found if found is not None else findings_module.findings_of(kind, today, pupil))
        if f.pupil.pk not in taken_over
    }
    counts = Counts()
    with transaction.atomic():
        existing = Signal.objects.filter(kind=kind, status__in=NOT_HANDLED)
        if pupil is not None:
            existing = existing.filter(pupil=pupil)
        existing_keys = set()
        for signal in existing:
            existing_keys.add(signal.cause_key)
            if signal.cause_key in current:
                _follow_owner(signal, current[signal.cause_key])
            if signal.cause_key not in current:
                if signal.pupil_id in taken_over:
                    label = findings_module.SignalKind(taken_over[signal.pupil_id]).label
                    note = _("Closed by itself: the pupil now has the signal “%(kind)s”, which carries this work.") % {
                        "kind": label
                    }
                elif entry.close_note:
                    note = entry.close_note(signal)
                else:
                    note = _("Closed by itself: the cause is gone.")
                change_status(None, signal, SignalStatus.AFGEHANDELD, note=note, automatic=True)
                counts.closed += 1
        new = [] if close_only else [f for key, f in current.items() if key not in existing_keys]
        if new and not entry.reraise:
            closed_by_hand = set(
                Signal.objects.filter(kind=kind, cause_key__in=[f.cause_key for f in new], closed_automatically=False)
                .exclude(status__in=NOT_HANDLED)
                .values_list("cause_key", flat=True)
            )
            new = [f for f in new if f.cause_key not in closed_by_hand]
        for finding in new:
            if _raise(finding, today, entry) is not None:
                counts.raised += 1
        counts.open = len(existing_keys & current.keys()) + counts.raised
    return counts


def _follow_owner(signal: Signal, finding) -> None:
    """A finding whose owner changed (a pupil without a place turns 18: from leerplicht to the RMC) moves its open
    signal to the new owner, with a line in the history; everything else of the signal stays."""
    if (signal.owner_id, signal.owner_role) == (finding.owner.pk, finding.owner_role):
        return
    Signal.objects.filter(pk=signal.pk).update(owner=finding.owner, owner_role=finding.owner_role)
    SignalEvent.objects.create(
        signal=signal,
        at=timezone.now(),
        by_name=_("Overstap (automatic)"),
        note=_("Handed to %(owner)s: the finding has another owner now.") % {"owner": finding.owner},
        automatic=True,
    )
    record(None, Action.UPDATE, signal, pupil_id=signal.pupil_id, detail={"owner_role": finding.owner_role})


def _raise(finding, today, entry) -> Signal | None:
    try:
        with transaction.atomic():
            signal = Signal.objects.create(
                kind=finding.kind,
                pupil=finding.pupil,
                case=finding.case,
                owner=finding.owner,
                owner_role=finding.owner_role,
                cause=finding.cause[:300],
                cause_key=finding.cause_key,
                due_on=finding.due_on,
                raised_on=today,
            )
            SignalEvent.objects.create(
                signal=signal,
                at=timezone.now(),
                to_status=SignalStatus.OPEN,
                by_name=_("Overstap (automatic)"),
                note=finding.cause[:300],
                automatic=True,
            )
            record(None, Action.CREATE, signal, pupil_id=signal.pupil_id, detail={"kind": finding.kind})
            if entry.on_raise is not None:
                entry.on_raise(signal)
    except IntegrityError:  # raised meanwhile by a change of the same pupil: the signal exists, which is the point
        return None
    return signal


def sync_pupil(pupil, kinds_to_sync=None, today: datetime.date | None = None) -> dict[str, Counts]:
    """Re-syncs the kinds for one pupil (all kinds that depend on a case when none are named)."""
    registry = findings_module.REGISTRY
    names = kinds_to_sync or [k for k, entry in registry.items() if entry.case_bound]
    return {name: sync(name, today, pupil=pupil, close_only=registry[name].daily_only) for name in names}


def run_all(today: datetime.date | None = None, kind: str | None = None) -> dict[str, dict[str, int]]:
    """Runs every kind (or one): what ``run_signals`` and the scheduled job call. Returns the counts per kind."""
    today = today or timezone.localdate()
    names = [kind] if kind else kinds()
    counts = {name: sync(name, today).as_dict() for name in names}
    events.signals_computed.send(sender=run_all, today=today, counts=counts)
    return counts


def escalate_unopened(today: datetime.date | None = None, days: int | None = None) -> list[Signal]:
    """The unopened-handover kind on its own, as the ``escalate_handovers`` command has always run it (with its own
    number of days if given). Returns the signals raised."""
    today = today or timezone.localdate()
    before = set(Signal.objects.filter(kind=findings_module.SignalKind.NIET_GEOPEND).values_list("pk", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        found = list(findings_module.handover_not_opened(today, days=days))
    sync(findings_module.SignalKind.NIET_GEOPEND, today, found=found)
    return list(Signal.objects.filter(kind=findings_module.SignalKind.NIET_GEOPEND).exclude(pk__in=before))
