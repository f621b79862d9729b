"""Logging in and looking up a pupil in a real browser, with the keyboard alone, checked by axe-core."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from overstap.organisations.models import OrganisationType
from overstap.testing.browser import check_page, signed_in_page
from overstap.testing.factories import EnrolmentFactory, MembershipFactory, OrganisationFactory, PupilFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Een-goed-wachtwoord-1"


@pytest.fixture
def ib_with_pupil():
    school = OrganisationFactory(type=OrganisationType.BAO, name="Basisschool De Regenboog")
    pupil = PupilFactory(given_names="Sem", family_name="Jansen")
    EnrolmentFactory(pupil=pupil, organisation=school, group="groep 8")
    membership = MembershipFactory(organisation=school, role="ib")
    device = TOTPDevice.objects.create(user=membership.user, name="app", confirmed=True)
    return membership.user, device, pupil


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_an_ib_er_logs_in_with_the_keyboard_and_finds_who_looked_at_a_pupil(page, live_server, ib_with_pupil, axe):
    user, device, _pupil = ib_with_pupil
    page.goto(f"{live_server.url}/account/inloggen/")
    assert not [v for v in axe(page) if v["impact"] in ("serious", "critical")]
    expect(page.get_by_label("Gebruikersnaam")).to_be_focused()  # autofocus on the first field
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/inloggen/code/**")
    assert not [v for v in axe(page) if v["impact"] in ("serious", "critical")]
    page.get_by_label("Code", exact=True).fill(_code(device))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Leerlingen").click()
    assert not [v for v in axe(page) if v["impact"] in ("serious", "critical")]
    page.get_by_role("link", name="Sem Jansen").click()
    expect(page.get_by_role("heading", name="Sem Jansen")).to_be_visible()
    assert not [v for v in axe(page) if v["impact"] in ("serious", "critical")]
    page.get_by_role("link", name="Wie keek naar de gegevens van deze leerling").click()
    rows = page.locator(".ovs-items li")  # the newest look first
    expect(rows.first).to_contain_text(str(user))
    assert not [v for v in axe(page) if v["impact"] in ("serious", "critical")]


def test_a_wrong_code_is_explained_next_to_the_field(page, live_server, ib_with_pupil):
    user, _device, _pupil = ib_with_pupil
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Code", exact=True).fill("000000")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Code:")


def test_an_application_manager_adds_a_colleague(page, live_server, axe):
    from overstap.testing.factories import log_in

    school = OrganisationFactory(type=OrganisationType.VO, name="Lindendal College")
    manager = MembershipFactory(organisation=school, role="functioneel_beheerder")
    # Sign in through a test client and hand its session cookie to the browser.
    from django.test import Client

    client = log_in(Client(), manager.user, manager)
    page.context.add_cookies(
        [{"name": "overstap_session", "value": client.cookies["overstap_session"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/beheer/")
    assert not [v for v in axe(page) if v["impact"] in ("serious", "critical")]
    page.get_by_role("link", name="Persoon toevoegen").click()
    page.get_by_label("Voornaam").fill("Kevin")
    page.get_by_label("Achternaam").fill("de Boer")
    page.get_by_label("E-mailadres").fill("kevin@lindendal.example")
    page.get_by_label("Gebruikersnaam").fill("k.deboer")
    page.get_by_label("Rol").select_option("mentor")
    assert not [v for v in axe(page) if v["impact"] in ("serious", "critical")]
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("heading", name="Persoon toegevoegd")).to_be_visible()
    expect(page.locator(".ovs-link-box")).to_contain_text("/account/activeren/")
    page.get_by_role("link", name="Terug naar mensen en rollen").click()
    expect(page.get_by_role("cell", name="k.deboer")).to_be_visible()


def test_a_manager_ends_a_role_through_the_confirmation_page_with_the_keyboard(browser, live_server, axe):
    school = OrganisationFactory(type=OrganisationType.VO, name="Lindendal College")
    manager = MembershipFactory(organisation=school, role="functioneel_beheerder")
    mentor = MembershipFactory(organisation=school, role="mentor")
    page = signed_in_page(browser, live_server, manager, width=320)
    page.goto(f"{live_server.url}/beheer/")
    page.get_by_role("link", name=f"Rol beëindigen van {mentor.user}").focus()
    page.keyboard.press("Enter")
    # The confirmation page says whose role ends and what cannot be undone; nothing has changed yet.
    expect(page.get_by_role("heading", name=f"De rol van {mentor.user} beëindigen?")).to_be_visible()
    expect(page.get_by_text("Dit kunt u niet ongedaan maken.")).to_be_visible()
    check_page(page, axe, "member-end-confirm-320")
    assert mentor.user.active_memberships().exists()
    confirm = page.get_by_test_id("confirm")
    for _ in range(40):  # reached with Tab alone, past the menu and the facts
        page.keyboard.press("Tab")
        if confirm.evaluate("button => button === document.activeElement"):
            break
    expect(confirm).to_be_focused()
    expect(confirm).to_have_text("Rol beëindigen")
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"De rol van {mentor.user} bij Lindendal College is beëindigd.")).to_be_visible()
    check_page(page, axe, "member-end-done-320")
    assert not mentor.user.active_memberships().exists()
    page.context.close()
