"""Writes of the API app: making, revoking and using tokens. Each checked against the checkpoint and audited."""

import datetime
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can

from .models import ApiToken
from .scopes import SCOPES, roles_for

TOKEN_START = "ovs_"  # noqa: S105  (the visible start of every token, not a secret)


def hash_of(key: str) -> str:
    # A token is 256 random bits: a plain hash is enough to keep it unreadable, and lets it be found by its hash.
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(
    user,
    organisation,
    *,
    name: str,
    role: str,
    scopes: list[str],
    expires_on: datetime.date | None = None,
    request=None,
) -> tuple[ApiToken, str]:
    """A new token of this organisation. Returns the token and its key: the only time the key is known."""
    if not can(user, "manage", organisation):
        raise PermissionDenied
    name = " ".join((name or "").split())
    errors = {}
    if not name:
        errors["name"] = _("Name: this field is required.")
    elif len(name) > 100:
        errors["name"] = _("Name: use at most 100 characters.")
    if role not in dict(roles_for(organisation)):
        errors["role"] = _("Acts as: choose a role from the list.")
    scopes = list(dict.fromkeys(scopes or []))
    if not scopes:
        errors["scopes"] = _("May: choose at least one thing the system may do.")
    elif any(scope not in SCOPES for scope in scopes):
        errors["scopes"] = _("May: choose from the list.")
    if expires_on is not None and expires_on < timezone.localdate():
        errors["expires_on"] = _("Valid until: the date lies in the past.")
    if errors:
        raise ValidationError(errors)
    key = TOKEN_START + secrets.token_urlsafe(32)
    prefix = key[:12]
    with transaction.atomic():
        machine = get_user_model()(
            username=f"api-{prefix}-{secrets.token_hex(4)}",
            first_name=_("API token"),
            last_name=f"{name} ({prefix}…)"[:150],
            is_active=False,  # it never signs in to the pages
        )
        machine.set_unusable_password()
        machine.save()
        token = ApiToken.objects.create(
            organisation=organisation,
            role=role,
            name=name,
            scopes=scopes,
            prefix=prefix,
            key_hash=hash_of(key),
            machine_user=machine,
            created_by_name=str(user),
            expires_on=expires_on,
        )
        record(user, Action.CREATE, token, request=request, detail={"role": role, "scopes": scopes})
    return token, key


def revoke_token(user, token: ApiToken, *, request=None) -> ApiToken:
    """The token stops working at once. Revoking twice changes nothing."""
    if not can(user, "manage", token):
        raise PermissionDenied
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by_name=str(user)[:200]
        )
        if updated:
            record(user, Action.UPDATE, token, request=request, detail={"revoked": True})
    token.refresh_from_db()
    return token


def token_for_key(key: str) -> ApiToken | None:
    """The token with this key, whether or not it still works; None when there is none."""
    if not key.startswith(TOKEN_START) or len(key) > 100:
        return None
    return ApiToken.objects.select_related("organisation", "machine_user").filter(key_hash=hash_of(key)).first()


def note_use(token: ApiToken) -> None:
    """Its last use and the number of requests, for the manager's page. One statement, no lost counts."""
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now(), use_count=F("use_count") + 1)
