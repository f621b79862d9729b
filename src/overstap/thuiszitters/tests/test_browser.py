"""The register and the route in a real browser, as leerplicht uses them: the definition and the counts at the top,
a filter, a pupil's route taken on and filled in with the keyboard, the history; axe-core finds nothing serious
and the pages fit a 320 px and a 390 px wide phone."""

import datetime

import pytest
from playwright.sync_api import expect

from overstap.testing.browser import assert_fits, assert_no_serious_violations, keep_screenshot, signed_in_page
from overstap.thuiszitters.models import Route

from .conftest import TODAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


_window = signed_in_page


def _shot(page, name):
    keep_screenshot(page, f"thuiszitters-{name}")


def _no_serious(axe, page):
    assert_no_serious_violations(page, axe)


_fits = assert_fits


def test_leerplicht_reads_the_register_and_takes_a_route_on(browser, live_server, axe, town):
    officer = town["a"]["leerplicht"]
    desk = _window(browser, live_server, officer)
    desk.goto(f"{live_server.url}/")
    desk.get_by_role("link", name="Thuiszitters", exact=True).click()
    # A soft hyphen lets the long Dutch word break on a phone.
    expect(desk.get_by_role("heading", name="Thuiszitters\u00adregister")).to_be_visible()
    expect(desk.get_by_test_id("definition")).to_contain_text("vier weken (28 dagen) of langer")
    expect(desk.get_by_test_id("count-total")).to_have_text("3")
    _no_serious(axe, desk)
    _shot(desk, "register-desktop")
    desk.get_by_label("School").select_option(label="College A")
    desk.get_by_role("button", name="Tonen").click()
    expect(desk.get_by_test_id("register").locator("tbody tr")).to_have_count(1)
    desk.get_by_role("link", name="Absent6 A").click()
    expect(desk.get_by_role("heading", name="Route terug naar school: Absent6 A")).to_be_visible()
    expect(desk.get_by_test_id("reason")).to_contain_text("ongeoorloofd afwezig, 6 weken")
    _no_serious(axe, desk)

    # With the keyboard: take it on, then say who acts, the arrangement and the next review.
    desk.get_by_role("button", name="Oppakken: in behandeling").focus()
    desk.keyboard.press("Enter")
    expect(desk.get_by_text("De route is in behandeling.")).to_be_visible()
    desk.get_by_label("Wie is aan zet (organisatie)").select_option(label="Gemeente A")
    desk.get_by_label("Wie is aan zet (persoon)").focus()
    desk.keyboard.type("Mevrouw Kaya")
    desk.get_by_label("Arrangement").select_option(label="Deeltijdrooster")
    review = TODAY + datetime.timedelta(days=10)
    desk.get_by_label("Volgende herziening").fill(review.isoformat())
    desk.get_by_label("Wat er veranderde (voor de geschiedenis)").fill("Huisbezoek; start met drie ochtenden.")
    desk.get_by_role("button", name="Route opslaan").click()
    expect(desk.get_by_text("De route is opgeslagen.")).to_be_visible()
    expect(desk.get_by_test_id("route-status")).to_have_text("In behandeling")
    expect(desk.get_by_test_id("history")).to_contain_text("Huisbezoek; start met drie ochtenden.")
    # Leerplicht is never shown what the support consists of.
    expect(desk.get_by_text("Waaruit de ondersteuning bestaat")).to_have_count(0)
    _no_serious(axe, desk)
    _shot(desk, "route-desktop")
    route = Route.objects.get(pupil=town["p"]["absent6"])
    assert (route.status, route.acting_person, route.next_review_on) == ("in_behandeling", "Mevrouw Kaya", review)

    for width in (320, 390):
        phone = _window(browser, live_server, officer, width=width)
        phone.goto(f"{live_server.url}/thuiszitters/")
        expect(phone.get_by_test_id("count-total")).to_have_text("3")
        _shot(phone, f"register-{width}")
        _fits(phone, width)
        _no_serious(axe, phone)
        phone.goto(f"{live_server.url}/thuiszitters/leerling/{route.pupil_id}/")
        _fits(phone, width)
        _no_serious(axe, phone)
        _shot(phone, f"route-{width}")


def test_the_school_records_an_absence_from_the_route_page(browser, live_server, axe, town):
    school = _window(browser, live_server, town["a"]["zorgcoordinator"], width=390)
    pupil = town["p"]["excused"]
    school.goto(f"{live_server.url}/thuiszitters/leerling/{pupil.pk}/")
    expect(school.get_by_test_id("reason")).to_contain_text("Niet geteld")
    school.get_by_role("button", name="Verzuim beëindigen").click()
    expect(school.get_by_text("Het verzuim is beëindigd.")).to_be_visible()
    school.get_by_role("link", name="Verzuim melden").first.click()
    school.get_by_label("Afwezig vanaf").fill((TODAY + datetime.timedelta(days=3)).isoformat())
    school.get_by_role("button", name="Verzuim vastleggen").click()
    expect(school.locator("#id_from_date_error")).to_contain_text("Afwezig vanaf: vul een datum in op of voor")
    _fits(school, 390)
    _no_serious(axe, school)
    _shot(school, "absence-error-390")
    school.get_by_label("Afwezig vanaf").fill((TODAY - datetime.timedelta(days=30)).isoformat())
    school.get_by_label("Ongeoorloofd").check()
    school.get_by_role("button", name="Verzuim vastleggen").click()
    expect(school.get_by_test_id("reason")).to_contain_text("ongeoorloofd afwezig, 4 weken")


def test_closing_a_route_without_saying_how_leads_from_the_summary_to_the_first_choice(browser, live_server, town):
    officer = town["a"]["leerplicht"]
    desk = _window(browser, live_server, officer)
    desk.goto(f"{live_server.url}/thuiszitters/leerling/{town['p']['absent6'].pk}/")
    desk.get_by_role("button", name="Oppakken: in behandeling").click()
    desk.get_by_role("button", name="Route afsluiten").click()
    summary = desk.locator("#foutmeldingen")
    expect(summary).to_be_focused()
    link = summary.get_by_role("link", name="Hoe de route eindigt")
    link.focus()
    desk.keyboard.press("Enter")
    expect(desk.get_by_label("Terug op school")).to_be_focused()
    desk.context.close()
