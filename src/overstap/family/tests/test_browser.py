"""The family's home in a real browser, as a mother of two uses it on her phone and at a desktop: both children,
first what she is asked to do, and from there by keyboard to the report and to who looked. axe-core finds nothing
serious, and nothing scrolls sideways at 320 px."""

import pytest
from playwright.sync_api import expect

from overstap.family.tests.test_home import _in_inspection, _sibling
from overstap.testing.browser import check_page, signed_in_page
from overstap.transitions.tests.conftest import world  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [320, 1280])
def test_a_parent_of_two_finds_what_is_asked_and_follows_it_by_keyboard(browser, live_server, axe, world, width):  # noqa: F811
    m = world
    case = _in_inspection(m)
    _sibling(m)
    page = signed_in_page(browser, live_server, m["parent"], width=width)
    page.goto(live_server.url + "/")
    asks = page.get_by_test_id("family-asks")
    expect(asks).to_contain_text("Lees het rapport over Sem")
    expect(page.get_by_test_id("family-child")).to_have_count(2)
    check_page(page, axe, f"family-home-{width}", first_screen=True)
    # By keyboard: Tab until the link of the first question has focus, then Enter opens the report.
    link = asks.get_by_role("link").first
    for _ in range(60):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the first question's link cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/overstappen/{case.pk}/**")
    check_page(page, axe, f"family-report-{width}")
    # Back home, and to who looked at Sem's data.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Wie keek er naar de gegevens van Sem").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wie keek er naar de gegevens van Sem")
    check_page(page, axe, f"family-who-looked-{width}")


@pytest.mark.parametrize("width", [320, 1280])
def test_a_parent_finds_the_download_by_keyboard_and_takes_both_files(browser, live_server, axe, world, width):  # noqa: F811
    m = world
    page = signed_in_page(browser, live_server, m["parent"], width=width)
    page.goto(live_server.url + "/")
    link = page.get_by_role("link", name="Download alles over Sem")
    for _ in range(80):
        page.keyboard.press("Tab")
        if link.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the link to the download cannot be reached with Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Download alles over Sem")
    expect(page.get_by_test_id("download-personal")).to_contain_text("persoonlijke informatie over Sem")
    expect(page.get_by_test_id("download-parts")).to_contain_text("Wie keek er naar de gegevens")
    check_page(page, axe, f"family-download-{width}", first_screen=True)
    # Both files, by keyboard: focus each button and press Enter.
    for name, suffix in (("Downloaden als PDF", ".pdf"), ("Downloaden als gegevensbestand (JSON)", ".json")):
        page.get_by_role("link", name=name).focus()
        with page.expect_download() as download:
            page.keyboard.press("Enter")
        assert download.value.suggested_filename.endswith(suffix)
        assert "Jansen" not in download.value.suggested_filename
