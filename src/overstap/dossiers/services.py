"""Writing to the dossier. Every write checks the rule set, validates with messages naming the field, keeps a
version and records its audit event in the same transaction."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.accounts.roles import Role
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can
from overstap.consent.categories import Category

from .models import ENTRY_CATEGORIES, Entry, EntryVersion, domains_for

# Which categories each role may write. Families write their view (zienswijze) only.
WRITABLE = {
    Role.IB: set(ENTRY_CATEGORIES) - {Category.ZIENSWIJZE},
    Role.ZORGCOORDINATOR: set(ENTRY_CATEGORIES) - {Category.ZIENSWIJZE},
    Role.MENTOR: {Category.ONTWIKKELING, Category.WERKZAME_ELEMENTEN, Category.HANDELINGSADVIEZEN},
    Role.DECAAN: {Category.SCHOOLADVIES_TOETSEN, Category.REDEN_OVERSTAP},
    Role.VOORSCHOOL_MEDEWERKER: {Category.ONTWIKKELING, Category.THUISSITUATIE, Category.WERKZAME_ELEMENTEN},
}
FAMILY_WRITABLE = {Category.ZIENSWIJZE}
MAX_TEXT = 20_000


class EditConflict(Exception):
    """Someone else saved the entry after this person opened it. Nothing was saved."""

    def __init__(self, current: Entry):
        self.current = current
        super().__init__("edit conflict")


@dataclass
class EntryData:
    category: str
    title: str
    text: str
    domain: str = ""
    recorded_on: datetime.date | None = None
    valid_until: datetime.date | None = None


def writable_categories(user) -> set[str]:
    actor = actor_for(user)
    if actor.membership is None:
        return set(FAMILY_WRITABLE) if actor.is_authenticated else set()
    return set(WRITABLE.get(actor.role, set()))


def _validate(data: EntryData, organisation_type: str | None) -> None:
    errors = {}
    if not data.title.strip():
        errors["title"] = _("Title: write a short title.")
    if not data.text.strip():
        errors["text"] = _("Text: write what you want to record.")
    elif len(data.text) > MAX_TEXT:
        errors["text"] = _("Text: at most %(count)s characters.") % {"count": MAX_TEXT}
    if data.category == Category.ONTWIKKELING:
        allowed = [d.value for d in domains_for(organisation_type)] if organisation_type else []
        if data.domain not in allowed:
            errors["domain"] = _("Development domain: choose a domain that fits this stage.")
    elif data.domain:
        errors["domain"] = _("Development domain: only for entries about development.")
    today = timezone.localdate()
    if data.recorded_on and data.recorded_on > today:
        errors["recorded_on"] = _("Date: cannot lie in the future.")
    if data.valid_until and data.valid_until < (data.recorded_on or today):
        errors["valid_until"] = _("Valid until: lies before the date of the entry.")
    if errors:
        raise ValidationError(errors)


def create_entry(user, pupil, data: EntryData, *, request=None) -> Entry:
    actor = actor_for(user)
    if not can(user, "write_dossier", pupil):
        raise PermissionDenied
    if data.category not in writable_categories(user):
        raise ValidationError({"category": _("Category: you cannot write in this part of the dossier.")})
    organisation = actor.organisation
    _validate(data, organisation.type if organisation else None)
    with transaction.atomic():
        entry = Entry.objects.create(
            pupil=pupil,
            category=data.category,
            domain=data.domain,
            title=data.title.strip(),
            text=data.text,
            organisation=organisation,
            author=user,
            author_name=str(user),
            author_role=actor.role or "family",
            recorded_on=data.recorded_on or timezone.localdate(),
            valid_until=data.valid_until,
        )
        EntryVersion.objects.create(
            entry=entry,
            version=1,
            title=entry.title,
            text=entry.text,
            domain=entry.domain,
            valid_until=entry.valid_until,
            saved_by_name=str(user),
        )
        record(user, Action.CREATE, entry, request=request, detail={"category": entry.category})
    return entry


def update_entry(user, entry: Entry, data: EntryData, expected_version: int, *, request=None) -> Entry:
    """Saves a new version, but only on top of the version the person started from (optimistic locking)."""
    if not can(user, "change", entry):
        raise PermissionDenied
    _validate(data, entry.organisation.type if entry.organisation_id else None)
    with transaction.atomic():
        current = Entry.objects.select_for_update().get(pk=entry.pk)
        if current.version != expected_version:
            raise EditConflict(current)
        if current.closed_at is not None:
            raise ValidationError({"text": _("This entry is closed and can no longer be changed.")})
        current.title, current.text, current.domain = data.title.strip(), data.text, data.domain
        current.valid_until = data.valid_until
        if data.recorded_on:
            current.recorded_on = data.recorded_on
        current.version += 1
        current.save()
        EntryVersion.objects.create(
            entry=current,
            version=current.version,
            title=current.title,
            text=current.text,
            domain=current.domain,
            valid_until=current.valid_until,
            saved_by_name=str(user),
        )
        record(user, Action.UPDATE, current, request=request, detail={"version": current.version})
    return current


def close_entry(user, entry: Entry, reason: str, *, request=None) -> Entry:
    """Closes stale information instead of carrying it along; it stays readable in the history."""
    if not can(user, "change", entry):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Reason: say why this information no longer applies.")})
    with transaction.atomic():
        current = Entry.objects.select_for_update().get(pk=entry.pk)
        if current.closed_at is None:
            current.closed_at = timezone.now()
            current.closed_by_name = str(user)
            current.closed_reason = reason[:300]
            current.save(update_fields=["closed_at", "closed_by_name", "closed_reason", "updated_at"])
            record(user, Action.STATUS_CHANGE, current, request=request, detail={"closed": reason[:300]})
    return current
