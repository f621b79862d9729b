"""The regional protocol: what a samenwerkingsverband adds to the matrix for its region. New cases pick the active
items up in their checklist when they are opened (see ``workflow.open_case``)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.matrix.schema import TRANSITION_CODES

from .models import MilestoneKey, ProtocolItem


def managed_region(user):
    """The region whose protocol this user keeps: the SWV consultant's own region (None for everyone else)."""
    from overstap.organisations.models import Region

    # A samenwerkingsverband has exactly one region.
    return Region.objects.for_user(user, "manage_protocol").first()


def add_protocol_item(
    user,
    region,
    *,
    transitions: list[str],
    text: str,
    required: bool,
    condition: str = "",
    due_on=None,
    milestone: str = "",
    source: str,
    request=None,
) -> ProtocolItem:
    """A new item of the region's protocol, for the transitions named."""
    if region is None or not can(user, "manage_protocol", region):
        raise PermissionDenied
    text, condition, source = (text or "").strip(), (condition or "").strip(), (source or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Item: describe what the school must do.")
    if not transitions:
        errors["transitions"] = _("Transitions: choose at least one.")
    elif set(transitions) - set(TRANSITION_CODES):
        errors["transitions"] = _("Transitions: choose from the list.")
    if not required and not condition:
        # The school judges whether an item that is not always required applies: it needs to know when.
        errors["condition"] = _("When: say when the item applies, or tick “Always required”.")
    if milestone and milestone not in MilestoneKey.values:
        errors["milestone"] = _("Date for the milestone: choose from the list.")
    elif milestone and due_on is None:
        # The date is what replaces the usual one; without it the choice would say nothing.
        errors["due_on"] = _("Deadline: give the date, or choose no milestone.")
    if not source:
        errors["source"] = _("Source: name the protocol or agreement it comes from.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = ProtocolItem.objects.create(
            region=region,
            transitions=[code for code in TRANSITION_CODES if code in transitions],
            text=text,
            required=required,
            condition=condition,
            due_on=due_on,
            milestone=milestone or "",
            source=source,
            created_by_name=str(user),
        )
        detail = {"transitions": item.transitions, "milestone": item.milestone}
        record(user, Action.CREATE, item, request=request, detail=detail)
    return item


def retire_protocol_item(user, item: ProtocolItem, *, request=None) -> bool:
    """The item is no longer used for new transitions (cases that have it keep it). Retired twice, it is audited
    once; returns whether this call retired it."""
    if not can(user, "manage", item):
        raise PermissionDenied
    with transaction.atomic():
        updated = ProtocolItem.objects.filter(pk=item.pk, active=True).update(active=False)
        if updated:
            record(user, Action.UPDATE, item, request=request, detail={"active": False})
    return bool(updated)


def set_protocol_date(user, item: ProtocolItem, *, due_on, milestone: str = "", request=None) -> ProtocolItem:
    """The consultant changes an item's deadline and the milestone it is the region's date for (new dates each
    school year). Cases already opened keep the deadline on their checklist; their calendar reads the new date."""
    if not can(user, "manage", item):
        raise PermissionDenied
    milestone = milestone or ""
    errors = {}
    if milestone and milestone not in MilestoneKey.values:
        errors["milestone"] = _("Date for the milestone: choose from the list.")
    elif milestone and due_on is None:
        errors["due_on"] = _("Deadline: give the date, or choose no milestone.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = ProtocolItem.objects.select_for_update().get(pk=item.pk)
        locked.due_on, locked.milestone = due_on, milestone
        locked.save(update_fields=["due_on", "milestone"])
        detail = {"due_on": due_on.isoformat() if due_on else None, "milestone": milestone}
        record(user, Action.UPDATE, locked, request=request, detail=detail)
    return locked
