"""Sending a handover in a real browser, as the IB'er does it: the required checklist items are done or set aside
with a reason (with the keyboard), the confirmation shows what goes on which basis to whom, and the send ends in a
message. axe-core finds nothing serious, and the confirmation fits a 390 px phone."""

import datetime

import pytest
from playwright.sync_api import expect

from overstap.testing.browser import PHONE, check_page, signed_in_page
from overstap.transitions.handover import (
    choose_categories,
    current_handover,
    handover_or_blank,
    record_inzage,
    waive_family_view,
)
from overstap.transitions.models import Status
from overstap.transitions.workflow import change_status, open_case

from .conftest import TODAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_ib_settles_the_required_items_confirms_and_sends(browser, live_server, axe, world):
    ib = world["ib"]
    case = open_case(ib.user, world["pupil"], world["vo"], planned_on=TODAY + datetime.timedelta(days=30))
    case = change_status(ib.user, case, Status.AANGEMELD)
    choose_categories(ib.user, case, ["ondersteuningsbehoeften"], expected_version=handover_or_blank(case).version)
    case = change_status(ib.user, case, Status.INZAGE_OUDERS)
    record_inzage(ib.user, case, TODAY, by_name="Moeder")
    waive_family_view(ib.user, case)
    required = list(case.checklist.filter(required=True))
    first, *others = required

    page = signed_in_page(browser, live_server, ib)
    page.goto(f"{live_server.url}/overstappen/{case.pk}/")
    expect(page.get_by_text("verplichte punten van de checklist")).to_be_visible()
    check_page(page, axe, "sending-case-page", first_screen=True)

    # Set the first item aside with the keyboard: open the fold, try without a reason, then with one.
    summary = page.locator(f"form[action='/overstappen/terzijde/{first.pk}/']").locator("xpath=..").locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    reason = page.locator(f"#reden-{first.pk}")
    expect(reason).to_be_visible()
    reason.focus()
    page.keyboard.press("Tab")
    button = page.locator(f"form[action='/overstappen/terzijde/{first.pk}/']").get_by_role("button", name="Overslaan")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Reden om over te slaan: schrijf op waarom")).to_be_visible()
    first.refresh_from_db()
    assert first.set_aside_at is None
    summary = page.locator(f"form[action='/overstappen/terzijde/{first.pk}/']").locator("xpath=..").locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    page.locator(f"#reden-{first.pk}").focus()
    page.keyboard.type("Gaat al mee in het OSO-dossier.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Het punt is overgeslagen; de reden wordt erbij bewaard.")).to_be_visible()
    expect(page.get_by_test_id("set-aside")).to_contain_text("Gaat al mee in het OSO-dossier.")
    check_page(page, axe, "sending-set-aside")
    # The rest is done.
    for item in others:
        page.locator(f"form[action='/overstappen/afvinken/{item.pk}/']").get_by_role("button", name="Afvinken").click()
    expect(page.get_by_text("verplichte punten van de checklist")).to_have_count(0)

    # The send is a link to its confirmation: what goes, on which basis, to whom.
    page.get_by_role("link", name="Overdracht versturen…").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="De overdracht versturen naar Lindendal College?")).to_be_visible()
    expect(page.get_by_text("Onderwijs- en ondersteuningsbehoeften")).to_be_visible()
    expect(page.get_by_text("Dit kunt u niet ongedaan maken.")).to_be_visible()
    check_page(page, axe, "sending-confirm", first_screen=True)
    assert current_handover(case).sent_at is None

    phone = signed_in_page(browser, live_server, ib, width=PHONE)
    phone.goto(page.url)
    check_page(phone, axe, "sending-confirm-phone")
    phone.close()

    page.get_by_test_id("confirm").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("De overdracht is verstuurd naar Lindendal College.")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Verzonden")
    check_page(page, axe, "sending-sent")
    assert current_handover(case).sent_at is not None
