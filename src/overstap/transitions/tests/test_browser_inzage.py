"""The family's inspection on a 320 px phone and at a desktop: the pupil of sixteen opens the report, which records
nothing yet, forgets to say they read it and is told so by name, then answers with the keyboard only; the page
says "je" throughout, axe-core finds nothing serious and nothing scrolls sideways."""

import datetime

import pytest
from playwright.sync_api import expect

from overstap.pupils.models import Relation
from overstap.testing.browser import check_page, signed_in_page
from overstap.testing.factories import FamilyLinkFactory
from overstap.transitions.handover import current_handover
from overstap.transitions.workflow import open_case

from .conftest import (
    TODAY,
    release,
    world,  # noqa: F401  (fixture)
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [320, 1280])
def test_the_pupil_reads_and_answers_by_keyboard(browser, live_server, axe, world, width):  # noqa: F811
    m = world
    pupil = m["pupil"]
    pupil.birth_date = TODAY.replace(year=TODAY.year - 16) - datetime.timedelta(days=30)
    pupil.save()
    own = FamilyLinkFactory(pupil=pupil, relation=Relation.PUPIL, legal_representative=False).user
    case = open_case(m["ib"].user, pupil, m["vo"], planned_on=TODAY + datetime.timedelta(days=40))
    case = release({**m, "case": case})

    page = signed_in_page(browser, live_server, own, width=width)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Lees het rapport over jou en zeg of je het ermee eens bent").click()
    expect(page.get_by_test_id("family-say")).to_contain_text("nog niet gezegd dat zij het gelezen hebben")
    check_page(page, axe, f"inzage-pupil-{width}")
    assert current_handover(case).inzage_on is None  # opening it is not having read it

    # Choosing an answer without ticking "I have read it": the page says which field.
    page.get_by_label("Ja, ik ben het ermee eens").check()
    page.get_by_role("button", name="Mijn antwoord naar de school sturen").click()
    expect(page.get_by_role("alert").first).to_contain_text("Ik heb gelezen wat de school doorgeeft")
    check_page(page, axe, f"inzage-pupil-error-{width}")

    # Now by keyboard only: tick, keep "yes", add a line, send.
    page.get_by_label("Ik heb gelezen wat de school doorgeeft").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Ja, ik ben het ermee eens")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Wat jij ervan vindt")).to_be_focused()
    page.keyboard.type("Ik werk het best met oordopjes in.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Dank je! Je school ziet nu dat je het gelezen hebt.")).to_be_visible()
    expect(page.get_by_test_id("family-say")).to_contain_text("Eens met het rapport")
    check_page(page, axe, f"inzage-pupil-answered-{width}")
    handover = current_handover(case)
    assert handover.inzage_by_family and handover.family_verdict == "eens"
    assert handover.family_view == "Ik werk het best met oordopjes in."
    text = page.get_by_test_id("family-say").inner_text()
    assert "Jouw antwoord aan je school" in text and "Bent u" not in text and "Uw mening" not in text
