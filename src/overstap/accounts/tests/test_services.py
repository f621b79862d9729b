"""The writes behind the application manager's pages and the first log-in, called as services: only for the
manager's own organisation, audited once, and safe when two people act at once."""

import datetime

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from overstap.accounts.models import Membership, User
from overstap.accounts.services import (
    StaleDetails,
    add_member,
    end_membership,
    link_authenticator,
    reset_access,
    set_password_from_link,
    update_organisation_details,
    verify_login_code,
)
from overstap.audit.models import Action, AuditEvent
from overstap.organisations.models import OrganisationType
from overstap.testing.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NEW = {"username": "k.deboer", "first_name": "Kevin", "last_name": "de Boer", "email": "k@lc.example", "role": "mentor"}


@pytest.fixture
def manager():
    school = OrganisationFactory(type=OrganisationType.VO, name="Lindendal College")
    membership = MembershipFactory(organisation=school, role="functioneel_beheerder")
    membership.user.acting_membership = membership
    return school, membership.user


def _code(device) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def test_a_person_is_added_to_the_managers_own_organisation_only(manager):
    school, user = manager
    added = add_member(user, school, **NEW)
    assert not added.has_usable_password()
    assert Membership.objects.get(user=added).organisation == school
    with pytest.raises(PermissionDenied):
        add_member(user, OrganisationFactory(type=OrganisationType.VO), **{**NEW, "username": "elders"})
    assert not User.objects.filter(username="elders").exists()


def test_a_username_taken_at_the_same_moment_is_refused_with_the_field_named(manager):
    school, user = manager
    add_member(user, school, **NEW)
    with pytest.raises(ValidationError) as error:
        add_member(user, school, **{**NEW, "first_name": "Karin"})
    assert error.value.message_dict["username"][0].startswith("Gebruikersnaam:")
    assert User.objects.filter(username="k.deboer").count() == 1


def test_a_role_ended_twice_is_ended_and_audited_once(manager):
    school, user = manager
    colleague = MembershipFactory(organisation=school, role="functioneel_beheerder").user
    colleague.acting_membership = colleague.memberships.get()
    mentor = MembershipFactory(organisation=school, role="mentor")
    assert end_membership(user, mentor) is True
    assert end_membership(colleague, Membership.objects.get(pk=mentor.pk)) is False
    mentor.refresh_from_db()
    assert mentor.end_date == TODAY - datetime.timedelta(days=1)
    assert AuditEvent.objects.filter(object_type="accounts.Membership", object_id=str(mentor.pk)).count() == 1


def test_nobody_ends_their_own_role(manager):
    _school, user = manager
    with pytest.raises(ValidationError) as error:
        end_membership(user, user.acting_membership)
    assert "uw eigen rol" in error.value.message_dict["membership"][0]
    assert Membership.objects.get(pk=user.acting_membership.pk).end_date is None


def test_a_reset_stops_the_password_and_the_app(manager):
    school, user = manager
    mentor = MembershipFactory(organisation=school, role="mentor")
    TOTPDevice.objects.create(user=mentor.user, name="app", confirmed=True)
    reset_access(user, mentor)
    mentor.user.refresh_from_db()
    assert not mentor.user.has_usable_password() and not TOTPDevice.objects.filter(user=mentor.user).exists()
    with pytest.raises(PermissionDenied):
        reset_access(user, user.acting_membership)


def test_details_saved_over_a_newer_version_are_refused_and_change_nothing(manager):
    school, user = manager
    version = school.version
    update_organisation_details(user, school, name="Lindendal Noord", support_profile_url="", version=version)
    with pytest.raises(StaleDetails) as stale:
        update_organisation_details(user, school, name="Lindendal Zuid", support_profile_url="", version=version)
    assert stale.value.current.name == "Lindendal Noord" and stale.value.current.version == version + 1
    assert AuditEvent.objects.filter(object_type="organisations.Organisation", action=Action.UPDATE).count() == 1


def test_an_activation_link_sets_a_password_once(manager):
    school, user = manager
    added = add_member(user, school, **NEW)
    token = default_token_generator.make_token(added)
    assert set_password_from_link(added, token, "Een-sterk-wachtwoord-9") is True
    assert set_password_from_link(added, token, "Een-ander-wachtwoord-8") is False  # the second use, same moment
    added.refresh_from_db()
    assert added.check_password("Een-sterk-wachtwoord-9")


def test_the_first_code_links_one_authenticator_app():
    user = MembershipFactory(role="mentor").user
    key = default_key()
    shown = TOTPDevice(user=user, key=key)
    assert link_authenticator(user, key, "000000" if _code(shown) != "000000" else "111111") is None
    device = link_authenticator(user, key, _code(shown))
    assert device is not None and device.confirmed
    assert list(TOTPDevice.objects.filter(user=user)) == [device]  # the unconfirmed tries are gone
    # A second tab with the same secret and code links no second device, and the used code does not log in.
    assert link_authenticator(user, key, _code(shown)) is None
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert verify_login_code(user, _code(shown)) is None
