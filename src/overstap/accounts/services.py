"""Changes to people, their roles and access: by the application manager of their organisation, by the person
through an activation link, and the authenticator app linked at the first log-in.

Every change is audited in the same transaction. Two people acting at once never both change what only one
may: the row is locked or updated conditionally, and the second hears what happened.
"""

import datetime

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.organisations.models import Organisation

from .models import Membership, User


class StaleDetails(Exception):
    """Someone else saved the organisation's details since this person started editing; ``current`` holds them."""

    def __init__(self, current: Organisation):
        super().__init__("stale organisation details")
        self.current = current


def _check_manager(manager, organisation) -> None:
    if organisation is None or not can(manager, "manage", organisation):
        raise PermissionDenied


def add_member(
    manager, organisation, *, username: str, first_name: str, last_name: str, email: str, role: str, request=None
) -> User:
    """A new person with one role in the manager's organisation. They have no password until they follow their
    activation link."""
    _check_manager(manager, organisation)
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_unusable_password()
    membership = Membership(organisation=organisation, role=role)
    try:
        with transaction.atomic():
            user.save()
            membership.user = user
            membership.full_clean()
            membership.save()
            record(manager, Action.CREATE, membership, request=request, detail={"role": role})
    except IntegrityError:
        # Another manager took the same username a moment ago.
        raise ValidationError(
            {"username": _("Username: this username is already taken. Choose another one.")}
        ) from None
    return user


def end_membership(manager, membership: Membership, *, request=None) -> bool:
    """The role ends as of yesterday. Ended twice (two managers at once), it is changed and audited once; returns
    whether this call ended it. Nobody ends their own role here."""
    if not can(manager, "manage", membership):
        raise PermissionDenied
    if membership.user_id == manager.pk:
        raise ValidationError({"membership": _("You cannot end your own role here: ask another application manager.")})
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    with transaction.atomic():
        updated = Membership.objects.filter(pk=membership.pk).exclude(end_date__lt=today).update(end_date=yesterday)
        if updated:
            membership.end_date = yesterday
            record(manager, Action.UPDATE, membership, request=request, detail={"ended": True})
    return bool(updated)


def reset_access(manager, membership: Membership, *, request=None) -> User:
    """Lost phone or forgotten password: the old password and authenticator app stop working, and the person
    sets a new password through a new activation link (which also makes earlier links invalid)."""
    if not can(manager, "manage", membership) or membership.user_id == manager.pk:
        raise PermissionDenied
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=membership.user_id)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        TOTPDevice.objects.filter(user=user).delete()
        record(manager, Action.UPDATE, user, request=request, detail={"reset": "password and authenticator app"})
    return user


def update_organisation_details(
    manager, organisation: Organisation, *, name: str, support_profile_url: str, version: int, request=None
) -> Organisation:
    """Saves the details only over the version this person started from; otherwise raises ``StaleDetails`` and
    changes nothing."""
    _check_manager(manager, organisation)
    with transaction.atomic():
        changed = Organisation.objects.filter(pk=organisation.pk, version=version).update(
            name=name, support_profile_url=support_profile_url, version=version + 1
        )
        if changed:
            record(
                manager,
                Action.UPDATE,
                organisation,
                request=request,
                detail={"fields": ["name", "support_profile_url"]},
            )
    current = Organisation.objects.get(pk=organisation.pk)
    if not changed:
        raise StaleDetails(current)
    return current


def set_password_from_link(user: User, token: str, password: str, *, request=None) -> bool:
    """The person chooses their password through their activation link. The link works once: it is checked again
    under a lock, so a second use at the same moment is refused (returns False) and changes nothing."""
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if not locked.is_active or not default_token_generator.check_token(locked, token):
            return False
        locked.set_password(password)
        locked.save(update_fields=["password"])
        record(locked, Action.UPDATE, locked, request=request, detail={"password": "set via activation link"})
    return True


def verify_login_code(user: User, code: str) -> TOTPDevice | None:
    """The confirmed authenticator device of this user that accepts the code, or None. A code is accepted once
    (the device remembers the last one it took)."""
    return next((d for d in TOTPDevice.objects.filter(user=user, confirmed=True) if d.verify_token(code)), None)


def link_authenticator(user: User, key: str, code: str, *, request=None) -> TOTPDevice | None:
    """The first log-in without a second factor: the secret shown in this browser becomes the user's
    device once its first code is right. Returns the device, or None when the code is not right.

    Two tabs confirming at once link one device: the user's row is locked, and when the other tab linked the app
    first, the code is checked against that device (where it was just used, so it is refused)."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            return verify_login_code(user, code)
        device = TOTPDevice(user=user, name="Authenticator", key=key, confirmed=False)
        if not device.verify_token(code):
            return None
        # Secrets that were shown earlier and never confirmed stop here.
        TOTPDevice.objects.filter(user=user, confirmed=False).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record(user, Action.CREATE, device, request=request, object_repr="authenticator app linked")
    return device
