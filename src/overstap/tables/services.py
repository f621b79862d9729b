"""Writing an Overstaptafel: convening it, its participants, the list of pupils, the outcome and next step per pupil,
the agreements. Status changes go through ``workflow.change_status``.

Two people at once lose nothing: each pupil is its own row (adding the same pupil twice keeps one row, removing
keeps the row with its reason), a row's outcome is saved only on top of the version the person started from, and
the tafel's details likewise.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.accounts.models import Membership
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import as_actor, can
from overstap.monitoring.dates import school_year_of
from overstap.pupils.models import Pupil

from .findings import resync_pupil
from .models import Agreement, Overstaptafel, Participant, Source, Status, TablePupil
from .proposal import proposal
from .rules import visible_pupils


class EditConflict(Exception):
    """Someone saved the same thing meanwhile; ``current`` is what they saved."""

    def __init__(self, current):
        super().__init__("changed meanwhile")
        self.current = current


@dataclass
class TafelData:
    transition: str
    held_on: datetime.date
    location: str
    starts_at: datetime.time | None = None


def _validate(data: TafelData) -> None:
    if not data.location.strip():
        raise ValidationError({"location": _("Location: say where the tafel is held.")})


def _require_open(tafel: Overstaptafel, field: str = "__all__") -> None:
    if not tafel.is_open:
        raise ValidationError(
            {
                field: _("This tafel is “%(status)s”: it can no longer be changed.")
                % {"status": tafel.get_status_display()}
            }
        )


def _require_manage(user, tafel: Overstaptafel) -> None:
    if not can(user, "manage", tafel):
        if can(user, "view", tafel):
            raise ValidationError({"__all__": _("Only the convener of the tafel changes this.")})
        raise PermissionDenied


def convene(user, region, data: TafelData, participants=(), *, request=None) -> Overstaptafel:
    """A new tafel in this region, convened by the user's organisation, with these participating organisations."""
    if not can(user, "convene_tafel", region):
        raise PermissionDenied
    _validate(data)
    actor = as_actor(user)
    with transaction.atomic():
        tafel = Overstaptafel.objects.create(
            region=region,
            transition=data.transition,
            school_year=f"{school_year_of(data.held_on)}-{school_year_of(data.held_on) + 1}",
            held_on=data.held_on,
            starts_at=data.starts_at,
            location=data.location.strip(),
            convener=actor.organisation,
            convened_by_name=str(user),
        )
        for organisation in participants:
            if organisation.pk != actor.organisation.pk:
                Participant.objects.get_or_create(tafel=tafel, organisation=organisation)
        record(user, Action.CREATE, tafel, request=request, detail={"transition": tafel.transition})
    return tafel


def update_details(user, tafel: Overstaptafel, data: TafelData, expected_version: int, *, request=None):
    _require_manage(user, tafel)
    _validate(data)
    with transaction.atomic():
        current = Overstaptafel.objects.select_for_update().get(pk=tafel.pk)
        _require_open(current)
        if current.version != expected_version:
            raise EditConflict(current)
        current.held_on, current.starts_at, current.location = data.held_on, data.starts_at, data.location.strip()
        current.school_year = f"{school_year_of(data.held_on)}-{school_year_of(data.held_on) + 1}"
        current.version += 1
        current.save()
        record(user, Action.UPDATE, current, request=request, detail={"version": current.version})
    return current


def add_participant(user, tafel: Overstaptafel, organisation, attendees: str = "", *, request=None) -> Participant:
    _require_manage(user, tafel)
    _require_open(tafel, "organisation")
    if organisation.pk == tafel.convener_id:
        raise ValidationError({"organisation": _("Organisation: the convener takes part already.")})
    with transaction.atomic():
        participant, _new = Participant.objects.get_or_create(tafel=tafel, organisation=organisation)
        if attendees.strip() and participant.attendees != attendees.strip():
            participant.attendees = attendees.strip()[:300]
            participant.save(update_fields=["attendees"])
        record(user, Action.UPDATE, tafel, request=request, detail={"participant": organisation.pk})
    return participant


def remove_participant(user, participant: Participant, *, request=None) -> None:
    _require_manage(user, participant.tafel)
    _require_open(participant.tafel)
    with transaction.atomic():
        record(user, Action.UPDATE, participant.tafel, request=request, detail={"removed": participant.organisation_id})
        participant.delete()


def _add_row(user, tafel, pupil_id: int, source: str, kinds=(), proposed_to_id=None) -> tuple[TablePupil, bool]:
    """Adds the row, or finds the one that is there (also when someone added it a moment ago)."""
    try:
        with transaction.atomic():
            row = TablePupil.objects.create(
                tafel=tafel,
                pupil_id=pupil_id,
                source=source,
                signal_kinds=list(kinds),
                proposed_to_id=proposed_to_id,
                added_by_name=str(user),
            )
            return row, True
    except IntegrityError:
        return TablePupil.objects.get(tafel=tafel, pupil_id=pupil_id), False


def propose(user, tafel: Overstaptafel, *, request=None) -> int:
    """Adds the proposed pupils that are not on the list yet; a pupil removed earlier stays removed. Returns how many
    were added."""
    _require_manage(user, tafel)
    _require_open(tafel)
    added = []
    with transaction.atomic():
        present = set(TablePupil.objects.filter(tafel=tafel).values_list("pupil_id", flat=True))
        for item in proposal(user, tafel):
            if item.pupil_id in present:
                continue
            row, created = _add_row(user, tafel, item.pupil_id, item.source, item.kinds, item.proposed_to_id)
            if created:
                added.append(row.pupil_id)
        record(
            user,
            Action.UPDATE,
            tafel,
            request=request,
            object_repr=f"{tafel} · {len(added)} proposed",
            detail={"proposed_pupil_ids": added},
        )
    return len(added)


def add_pupil(user, tafel: Overstaptafel, pupil: Pupil, *, request=None) -> TablePupil:
    """Puts a pupil the convener may see on the list (again, if they were removed)."""
    _require_manage(user, tafel)
    _require_open(tafel, "pupil")
    if not Pupil.objects.filter(pk=pupil.pk, pk__in=visible_pupils(as_actor(user))).exists():
        raise PermissionDenied
    with transaction.atomic():
        row, created = _add_row(user, tafel, pupil.pk, Source.ADDED)
        if not created and row.removed_at is not None:
            row = TablePupil.objects.select_for_update().get(pk=row.pk)
            row.removed_at, row.removed_reason, row.removed_by_name = None, "", ""
            row.version += 1
            row.save(update_fields=["removed_at", "removed_reason", "removed_by_name", "version"])
        record(user, Action.UPDATE, row, pupil_id=pupil.pk, request=request, detail={"added": created})
    return row


def remove_pupil(user, row: TablePupil, reason: str, *, request=None) -> TablePupil:
    _require_manage(user, row.tafel)
    _require_open(row.tafel, "reason")
    if not reason.strip():
        raise ValidationError({"reason": _("Reason: say why the pupil comes off the list.")})
    if not can(user, "view", row):
        raise PermissionDenied
    with transaction.atomic():
        current = TablePupil.objects.select_for_update().get(pk=row.pk)
        if current.removed_at is None:
            current.removed_at = timezone.now()
            current.removed_reason = reason.strip()[:300]
            current.removed_by_name = str(user)
            current.version += 1
            current.save(update_fields=["removed_at", "removed_reason", "removed_by_name", "version"])
            record(user, Action.UPDATE, current, request=request, detail={"removed": True})
    resync_pupil(current.pupil)
    return current


@dataclass
class RowData:
    outcome: str
    next_step: str
    proposed_to: object | None = None
    support_note: str | None = None  # None: leave as it is (a reader without view_support does not see it)


def update_row(user, row: TablePupil, data: RowData, expected_version: int, *, request=None) -> TablePupil:
    """The outcome and next step of a pupil (and the support note for those who see it), only on top of the version
    the person started from."""
    if not can(user, "edit", row):
        if can(user, "view", row):
            raise ValidationError({"outcome": _("Outcome: only the convener of an open tafel writes this.")})
        raise PermissionDenied
    may_support = can(user, "view_support", row)
    with transaction.atomic():
        current = TablePupil.objects.select_for_update().get(pk=row.pk)
        if current.version != expected_version:
            raise EditConflict(current)
        current.outcome = data.outcome.strip()
        current.next_step = data.next_step.strip()[:300]
        current.proposed_to = data.proposed_to
        if data.support_note is not None and may_support:
            current.support_note = data.support_note.strip()
        current.version += 1
        current.save()
        record(user, Action.UPDATE, current, request=request, detail={"version": current.version})
    return current


def add_agreement(
    user,
    row: TablePupil,
    *,
    what: str,
    owner,
    due_on: datetime.date,
    owner_person: Membership | None = None,
    request=None,
) -> Agreement:
    if not can(user, "edit", row):
        if can(user, "view", row):
            raise ValidationError({"what": _("What: only the convener of an open tafel records agreements.")})
        raise PermissionDenied
    if not what.strip():
        raise ValidationError({"what": _("What: say what was agreed.")})
    taking_part = {row.tafel.convener_id, *row.tafel.participants.values_list("organisation_id", flat=True)}
    if owner is None or owner.pk not in taking_part:
        raise ValidationError({"owner": _("Who: choose an organisation that takes part in the tafel.")})
    if owner_person is not None and owner_person.organisation_id != owner.pk:
        raise ValidationError({"owner_person": _("Person: choose someone who works at that organisation.")})
    with transaction.atomic():
        agreement = Agreement.objects.create(
            row=row,
            what=what.strip()[:300],
            owner=owner,
            owner_person=owner_person,
            due_on=due_on,
            created_by_name=str(user),
        )
        record(user, Action.CREATE, agreement, pupil_id=row.pupil_id, request=request)
    resync_pupil(row.pupil)
    return agreement


def complete_agreement(user, agreement: Agreement, *, request=None) -> Agreement:
    """Marks the agreement done; its signal, if it was overdue, closes by itself."""
    if not can(user, "complete", agreement):
        if can(user, "view", agreement):
            raise ValidationError({"done": _("Done: only the organisation that owns the agreement marks it done.")})
        raise PermissionDenied
    with transaction.atomic():
        current = Agreement.objects.select_for_update().select_related("row__tafel", "row__pupil").get(pk=agreement.pk)
        if current.row.tafel.status == Status.CANCELLED:
            raise ValidationError({"done": _("Done: the tafel was cancelled.")})
        if current.done_on is None:
            current.done_on = timezone.localdate()
            current.done_by_name = str(user)
            current.save(update_fields=["done_on", "done_by_name"])
            record(user, Action.UPDATE, current, pupil_id=current.row.pupil_id, request=request, detail={"done": True})
    resync_pupil(current.row.pupil)
    return current
