"""The application manager's API-token page in a real browser: make a token by keyboard, see it once, see its use,
revoke it; at 320 and 1280 px without sideways scrolling, and nothing serious for axe-core."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from overstap.api.models import ApiToken
from overstap.organisations.models import OrganisationType
from overstap.testing.browser import assert_fits, keep_screenshot, signed_in_page
from overstap.testing.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _serious(axe, page) -> list:
    return [v["id"] for v in axe(page) if v["impact"] in ("serious", "critical")]


def test_a_manager_makes_sees_once_and_revokes_a_token(browser, live_server, axe):
    school = OrganisationFactory(type=OrganisationType.BAO, name="Basisschool De Regenboog")
    manager = MembershipFactory(organisation=school, role="functioneel_beheerder")
    page = signed_in_page(browser, live_server, manager, width=320)
    page.goto(f"{live_server.url}/beheer/api-sleutels/")
    expect(page.get_by_role("heading", name="API-sleutels")).to_be_visible()
    assert_fits(page, 320)
    assert not _serious(axe, page)

    page.get_by_role("link", name="Sleutel maken").click()
    # An empty form: the messages name the fields, nothing is made.
    page.get_by_role("button", name="Sleutel maken").click()
    expect(page.get_by_text("Naam: dit veld is verplicht.").first).to_be_visible()
    assert ApiToken.objects.count() == 0
    assert not _serious(axe, page)
    keep_screenshot(page, "api-token-new-320")

    # By keyboard only.
    page.get_by_label("Naam").focus()
    page.keyboard.type("ParnasSys koppeling")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first scope: read pupils
    page.get_by_role("button", name="Sleutel maken").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Sleutel gemaakt")).to_be_visible()
    key = page.locator("code").inner_text().strip()
    token = ApiToken.objects.get()
    assert key.startswith(token.prefix) and token.scopes == ["pupils:read"]
    assert_fits(page, 320)
    keep_screenshot(page, "api-token-made-320")

    # The system uses it; the manager sees when and how often, and never the key again.
    assert Client().get("/api/v1/pupils/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    page.goto(f"{live_server.url}/beheer/api-sleutels/")
    expect(page.get_by_text("1 verzoek")).to_be_visible()
    assert key not in page.content()
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_fits(page, width)
        keep_screenshot(page, f"api-tokens-{width}")
    assert not _serious(axe, page)

    page.get_by_role("link", name="Intrekken ParnasSys koppeling").click()
    page.get_by_role("button", name="Intrekken").click()
    expect(page.get_by_text("is ingetrokken")).to_be_visible()
    assert Client().get("/api/v1/pupils/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
