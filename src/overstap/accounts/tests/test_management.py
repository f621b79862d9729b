"""The application manager looks after people, roles and details of their own organisation only."""

import re

import pytest
from django.test import Client

from overstap.accounts.models import Membership, User
from overstap.audit.models import Action, AuditEvent
from overstap.organisations.models import Organisation, OrganisationType
from overstap.testing.factories import MembershipFactory, OrganisationFactory, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    school = OrganisationFactory(type=OrganisationType.VO, name="Lindendal College")
    membership = MembershipFactory(organisation=school, role="functioneel_beheerder")
    log_in(client, membership.user, membership)
    return school, membership


def _new_member(client, **overrides):
    data = {
        "first_name": "Kevin",
        "last_name": "de Boer",
        "email": "k.deboer@lindendal.example",
        "username": "k.deboer",
        "role": "mentor",
        **overrides,
    }
    return client.post("/beheer/nieuw/", data)


def test_adding_a_person_gives_a_one_time_link_to_choose_a_password(client, manager):
    school, _ = manager
    response = _new_member(client)
    assert response.status_code == 200
    link = re.search(r"http://testserver(/account/activeren/[^<\s]+)", response.content.decode()).group(1)
    user = User.objects.get(username="k.deboer")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, organisation=school, role="mentor").exists()
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="accounts.Membership").exists()

    newcomer = Client()
    assert newcomer.get(link).status_code == 200
    weak = newcomer.post(link, {"new_password1": "kort", "new_password2": "kort"})
    assert weak.status_code == 200 and not User.objects.get(pk=user.pk).has_usable_password()
    response = newcomer.post(
        link, {"new_password1": "Een-sterk-wachtwoord-9", "new_password2": "Een-sterk-wachtwoord-9"}
    )
    assert response.status_code == 302
    assert newcomer.get(link).status_code == 404, "the link works once"
    login = newcomer.post("/account/inloggen/", {"username": "k.deboer", "password": "Een-sterk-wachtwoord-9"})
    assert "/account/inloggen/app-koppelen/" in login["Location"]


def test_bad_input_names_the_field_and_creates_nothing(client, manager):
    _school, membership = manager
    response = _new_member(client, username="Kevin de Boer", email="geen-adres", role="leerplicht")
    html = response.content.decode()
    assert "Gebruikersnaam:" in html and "E-mailadres:" in html
    assert not User.objects.filter(last_name="de Boer").exists()
    taken = _new_member(client, username=membership.user.username)
    assert "Gebruikersnaam: deze gebruikersnaam is al in gebruik" in taken.content.decode()


def test_only_roles_that_fit_the_organisation_can_be_chosen(client, manager):
    html = client.get("/beheer/nieuw/").content.decode()
    assert 'value="decaan"' in html and 'value="leerplicht"' not in html and 'value="tlv_commissie"' not in html


def test_ending_a_role_and_resetting_access(client, manager):
    school, membership = manager
    mentor = MembershipFactory(organisation=school, role="mentor")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=mentor.user, name="app", confirmed=True)
    # Both steps first show the confirmation page, which says what stops working and changes nothing yet.
    confirm = client.get(f"/beheer/{mentor.pk}/opnieuw-toegang/").content.decode()
    assert "niet ongedaan maken" in confirm and TOTPDevice.objects.filter(user=mentor.user).exists()
    reset = client.post(f"/beheer/{mentor.pk}/opnieuw-toegang/")
    assert reset.status_code == 200 and "/account/activeren/" in reset.content.decode()
    mentor.user.refresh_from_db()
    assert not mentor.user.has_usable_password() and not TOTPDevice.objects.filter(user=mentor.user).exists()
    confirm = client.get(f"/beheer/{mentor.pk}/beeindigen/").content.decode()
    assert str(mentor.user) in confirm and "niet ongedaan maken" in confirm
    assert mentor.user.active_memberships().exists()
    ended = client.post(f"/beheer/{mentor.pk}/beeindigen/", follow=True).content.decode()
    assert "is beëindigd" in ended
    assert not mentor.user.active_memberships().exists()
    # Your own role cannot be ended here.
    client.post(f"/beheer/{membership.pk}/beeindigen/")
    assert membership.user.active_memberships().exists()


def test_a_manager_cannot_touch_another_organisation(client, manager):
    elsewhere = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.VO), role="mentor")
    assert client.post(f"/beheer/{elsewhere.pk}/beeindigen/").status_code == 404
    assert client.post(f"/beheer/{elsewhere.pk}/opnieuw-toegang/").status_code == 404
    assert elsewhere.user.active_memberships().exists()


def test_other_roles_do_not_reach_management(client):
    school = OrganisationFactory(type=OrganisationType.VO)
    ib = MembershipFactory(organisation=school, role="ib")
    log_in(client, ib.user, ib)
    for url in ("/beheer/", "/beheer/nieuw/", "/beheer/organisatie/"):
        assert client.get(url).status_code == 404, url


def test_a_refused_post_to_management_is_recorded_as_denied(client):
    school = OrganisationFactory(type=OrganisationType.VO)
    ib = MembershipFactory(organisation=school, role="ib")
    colleague = MembershipFactory(organisation=school, role="mentor")
    log_in(client, ib.user, ib)
    for url, data in (
        ("/beheer/nieuw/", {"first_name": "Kevin", "last_name": "de Boer", "email": "k@x.example", "role": "mentor"}),
        ("/beheer/organisatie/", {"name": "Anders"}),
        (f"/beheer/{colleague.pk}/beeindigen/", {}),
    ):
        response = client.post(url, data)
        assert response.status_code == 404, url
        denials = AuditEvent.objects.filter(action=Action.DENIED, request_id=response["X-Request-ID"])
        assert denials.count() == 1, url
        denial = denials.get()
        assert denial.actor_id == ib.user.pk and denial.role == "ib" and denial.path == url
        # Refused on the manager's own organisation: the trail names what was asked for.
        assert denial.object_type == "organisations.Organisation" and denial.object_id == str(school.pk)
        assert denial.detail == {"action": "manage"}
    assert not User.objects.filter(email="k@x.example").exists()
    assert colleague.user.active_memberships().exists()


def test_a_post_refused_by_any_view_is_recorded_once(client, manager):
    _school, membership = manager
    # A member of another organisation: the checkpoint refuses (and announces it); recorded once, not twice.
    elsewhere = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.VO), role="mentor")
    response = client.post(f"/beheer/{elsewhere.pk}/beeindigen/")
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action=Action.DENIED, request_id=response["X-Request-ID"]).count() == 1
    # An object that does not exist: nothing was announced, the refused write is recorded all the same.
    response = client.post("/dossier/999999/afsluiten/", {"reason": "weg"})
    assert response.status_code == 404
    denial = AuditEvent.objects.get(action=Action.DENIED, request_id=response["X-Request-ID"])
    assert denial.actor_id == membership.user.pk and denial.path == "/dossier/999999/afsluiten/"
    assert denial.detail == {"method": "POST", "status": 404}
    # A refused GET of a page that does not exist is no write.
    response = client.get("/bestaat-niet/")
    assert not AuditEvent.objects.filter(action=Action.DENIED, request_id=response["X-Request-ID"]).exists()


def test_two_managers_editing_the_organisation_at_once_lose_nothing(client, manager):
    school, _ = manager
    colleague = MembershipFactory(organisation=school, role="functioneel_beheerder")
    other = log_in(Client(), colleague.user, colleague)
    version = Organisation.objects.get(pk=school.pk).version
    first = client.post("/beheer/organisatie/", {"name": "Lindendal College Noord", "version": version})
    assert first.status_code == 302
    second = other.post(
        "/beheer/organisatie/",
        {"name": "Lindendal Lyceum", "support_profile_url": "https://x.example/sop", "version": version},
    )
    assert second.status_code == 409
    html = second.content.decode()
    assert "Iemand anders heeft" in html
    assert 'value="Lindendal Lyceum"' in html, "the second person's text is shown back"
    assert Organisation.objects.get(pk=school.pk).name == "Lindendal College Noord"
    again = other.post("/beheer/organisatie/", {"name": "Lindendal Lyceum", "version": version + 1})
    assert again.status_code == 302
    assert Organisation.objects.get(pk=school.pk).name == "Lindendal Lyceum"
