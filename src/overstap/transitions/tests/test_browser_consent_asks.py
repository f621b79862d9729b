"""Consent asked in the context of a move, in a real browser on a 320 px phone and at a desktop: the IB'er asks the
family from the case, the mother finds the question first on her home page and answers it with the keyboard only,
and after the handover went she withdraws it; from then on the new school reads that the family withdrew it, not
the home situation, and the sending school sees the withdrawal on the case. axe-core finds nothing serious, and
nothing scrolls sideways at 320 px."""

import datetime

import pytest
from playwright.sync_api import expect

from overstap.testing.browser import check_page, signed_in_page
from overstap.transitions.handover import choose_categories, record_inzage, waive_family_view
from overstap.transitions.models import ConsentAsk, Status
from overstap.transitions.workflow import change_status, open_case

from .conftest import (
    HOME_TEXT,
    SUPPORT_TEXT,
    TODAY,
    tick_required,
    world,  # noqa: F401  (fixture)
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Mag De Regenboog informatie over de thuissituatie van Sem doorgeven aan Lindendal College?"


def _tab_to(page, locator, limit=80):
    """Presses Tab until this element has the focus, as someone without a mouse does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    pytest.fail("cannot be reached with Tab")


@pytest.mark.parametrize("width", [320, 1280])
def test_the_school_asks_the_parent_answers_by_keyboard_and_a_withdrawal_withholds_it(
    browser,
    live_server,
    axe,
    world,  # noqa: F811
    width,
):
    m = world
    ib = m["ib"].user
    case = open_case(ib, m["pupil"], m["vo"], planned_on=TODAY + datetime.timedelta(days=60))
    case = change_status(ib, case, Status.AANGEMELD)
    choose_categories(ib, case, ["ondersteuningsbehoeften", "thuissituatie"], expected_version=1)
    tick_required(ib, case)
    case = change_status(ib, case, Status.INZAGE_OUDERS)

    # The IB'er ticks the home situation on the case and asks the family.
    school = signed_in_page(browser, live_server, m["ib"], width=width)
    school.goto(f"{live_server.url}/overstappen/{case.pk}/")
    consent = school.locator("#kop-toestemming").locator("..")
    expect(consent).to_contain_text("Nog niet gevraagd")
    school.get_by_label("Thuissituatie").check()
    school.get_by_role("button", name="Vraag het gezin").click()
    expect(school.locator("#kop-toestemming").locator("..")).to_contain_text("nog geen antwoord")
    check_page(school, axe, f"consent-ask-case-{width}")

    # The mother sees it first among what she is asked, and answers by keyboard only.
    parent = signed_in_page(browser, live_server, m["parent"], width=width)
    parent.goto(live_server.url + "/")
    asks = parent.get_by_test_id("family-asks")
    expect(asks).to_contain_text(QUESTION)
    check_page(parent, axe, f"consent-ask-family-home-{width}", first_screen=True)
    _tab_to(parent, asks.get_by_role("link", name=QUESTION))
    parent.keyboard.press("Enter")
    parent.wait_for_url("**/overstappen/toestemming/**")
    expect(parent.get_by_role("heading", level=1)).to_have_text(QUESTION)
    expect(parent.get_by_text("U beslist dit als wettelijk vertegenwoordiger van Sem Jansen.")).to_be_visible()
    check_page(parent, axe, f"consent-ask-question-{width}")
    # Saving without a choice: the field is named, nothing is answered.
    _tab_to(parent, parent.get_by_role("button", name="Antwoord opslaan"))
    parent.keyboard.press("Enter")
    expect(parent.get_by_text("Uw antwoord: kies ja of nee.").first).to_be_visible()
    assert ConsentAsk.objects.get().status == "open"
    check_page(parent, axe, f"consent-ask-question-error-{width}")
    yes = parent.get_by_label("Ja, dat mag")
    _tab_to(parent, yes)
    parent.keyboard.press("Space")
    expect(yes).to_be_checked()
    _tab_to(parent, parent.get_by_role("button", name="Antwoord opslaan"))
    parent.keyboard.press("Enter")
    expect(parent.get_by_test_id("answer")).to_contain_text("Antwoord: ja.")
    check_page(parent, axe, f"consent-ask-answered-{width}")

    # The school sends the handover; the new school reads the home situation in it.
    record_inzage(ib, case, TODAY, by_name="Moeder van Sem")
    waive_family_view(ib, case)
    case = change_status(ib, case, Status.VERZONDEN)
    receiver = signed_in_page(browser, live_server, m["vo_ib"], width=width)
    receiver.goto(f"{live_server.url}/overstappen/{case.pk}/overdracht/")
    expect(receiver.locator("main")).to_contain_text(HOME_TEXT)

    # The mother withdraws it, by keyboard, through the confirmation page.
    parent.reload()
    _tab_to(parent, parent.get_by_role("link", name="Deze toestemming intrekken"))
    parent.keyboard.press("Enter")
    parent.wait_for_url("**/intrekken/**")
    check_page(parent, axe, f"consent-ask-withdraw-confirm-{width}")
    _tab_to(parent, parent.get_by_role("button", name="Toestemming intrekken"))
    parent.keyboard.press("Enter")
    expect(parent.get_by_text("De toestemming is ingetrokken.").first).to_be_visible()

    # From then on the new school reads that the family withdrew it, and when; the rest of the report stays.
    receiver.reload()
    main = receiver.locator("main")
    expect(main).to_contain_text(f"Het gezin heeft op {TODAY.day}")
    expect(main).not_to_contain_text(HOME_TEXT)
    expect(main).to_contain_text(SUPPORT_TEXT)
    check_page(receiver, axe, f"consent-ask-handover-withdrawn-{width}")

    # The sending school sees the withdrawal on the case.
    school.reload()
    expect(school.locator("#kop-toestemming").locator("..")).to_contain_text("ingetrokken")
    check_page(school, axe, f"consent-ask-case-withdrawn-{width}")
    for page in (school, parent, receiver):
        page.context.close()
