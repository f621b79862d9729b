"""Changes to a pupil's registration that the school records: parents and guardians."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can

from .models import Guardian, GuardianRelation


def add_guardian(
    user,
    pupil,
    *,
    name: str,
    relation: str,
    legal_representative: bool = False,
    lives_with_pupil: bool = True,
    phone: str = "",
    email: str = "",
    request=None,
) -> Guardian:
    """A parent or guardian of the pupil, whether or not they have an account, recorded by the pupil's school."""
    if not can(user, "add_guardian", pupil):
        raise PermissionDenied
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Name: this field is required.")
    if relation not in GuardianRelation.values:
        errors["relation"] = _("Relation: choose one from the list.")
    if errors:
        raise ValidationError(errors)
    guardian = Guardian(
        pupil=pupil,
        name=name,
        relation=relation,
        legal_representative=legal_representative,
        lives_with_pupil=lives_with_pupil,
        phone=(phone or "").strip(),
        email=(email or "").strip(),
        recorded_by_name=str(user),
    )
    with transaction.atomic():
        guardian.save()
        record(user, Action.CREATE, guardian, pupil_id=pupil.pk, request=request)
    return guardian
