"""The Overstaptafel in a real browser, on a phone (320 and 390 px) and a desktop: the convener finds the tafel in
the list, opens it and records an agreement (htmx, by keyboard); the school finds its open agreement on the home
page and marks it done; leerplicht reads the same tafel without the support content. Each page passes axe-core and
has no sideways scroll on a phone."""

import datetime

import pytest
from playwright.sync_api import expect

from overstap.monitoring.models import Signal, SignalKind, SignalStatus
from overstap.testing.browser import check_page, signed_in_page

from ..models import Agreement
from .conftest import TODAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


_window = signed_in_page


def _check(page, axe, name):
    check_page(page, axe, f"tafel-{name}")


@pytest.mark.parametrize("width", [1280, 390, 320])
def test_the_convener_records_an_agreement_on_the_tafel_by_keyboard(browser, live_server, axe, region, width):
    anna = region["rows"]["anna"]
    page = _window(browser, live_server, region["people"]["consultant"], width)
    page.goto(live_server.url + "/overstaptafels/")
    expect(page.get_by_role("heading", level=1, name="Overstaptafels")).to_be_visible()
    _check(page, axe, f"list-{width}")
    page.get_by_role("link", name=f"VO-MBO · {TODAY.day}").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Overstaptafel VO-MBO")
    expect(page.get_by_test_id("tafel-summary")).to_contain_text("2 leerlingen die u mag zien")
    _check(page, axe, f"detail-{width}")

    block = page.locator(f"#leerling-{anna.pk}")
    block.get_by_text("Afspraak toevoegen").click()
    block.get_by_label("Wat").fill("Aanmelding bij het ROC afronden")
    block.get_by_label("Wie").select_option(label=str(region["orgs"]["college"]))
    block.get_by_label("Voor").fill((TODAY - datetime.timedelta(days=1)).isoformat())
    block.get_by_role("button", name="Afspraak vastleggen").focus()
    page.keyboard.press("Enter")
    expect(block.get_by_text("Aanmelding bij het ROC afronden", exact=True)).to_be_visible()
    expect(block.get_by_text("verlopen")).to_be_visible()
    # The line at the top follows at once: one open agreement, overdue.
    expect(page.get_by_test_id("tafel-summary")).to_contain_text("1 open afspraak")
    expect(page.get_by_test_id("tafel-summary")).to_contain_text("1 verlopen")
    assert Agreement.objects.filter(row=anna, what="Aanmelding bij het ROC afronden").exists()
    assert Signal.objects.filter(kind=SignalKind.TAFEL_AFSPRAAK, status=SignalStatus.OPEN).count() == 1
    _check(page, axe, f"agreement-{width}")


def test_the_school_marks_its_overdue_agreement_done_from_the_home_page(browser, live_server, axe, region):
    from .. import services

    services.add_agreement(
        region["people"]["consultant"].user,
        region["rows"]["anna"],
        what="Aanmelding bij het ROC afronden",
        owner=region["orgs"]["college"],
        due_on=TODAY - datetime.timedelta(days=2),
    )
    page = _window(browser, live_server, region["people"]["college_ib"], 390)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Overstaptafels")).to_be_visible()
    _check(page, axe, "school-home-390")
    page.get_by_role("link", name="Aanmelding bij het ROC afronden").click()
    _check(page, axe, "school-detail-390")
    page.get_by_role("button", name="Gedaan").click()
    expect(page.get_by_test_id("agreement-done")).to_be_visible()
    signal = Signal.objects.get(kind=SignalKind.TAFEL_AFSPRAAK)
    assert signal.status == SignalStatus.AFGEHANDELD


def test_leerplicht_reads_the_tafel_without_support_content_on_a_phone(browser, live_server, axe, region):
    page = _window(browser, live_server, region["people"]["leerplicht"], 320)
    page.goto(live_server.url + region["tafel"].get_absolute_url())
    expect(page.get_by_test_id("tafel-summary")).to_contain_text("3 leerlingen die u mag zien")
    expect(page.get_by_text("rustige plek")).to_have_count(0)
    expect(page.get_by_test_id("support-note")).to_have_count(0)
    _check(page, axe, "leerplicht-detail-320")
