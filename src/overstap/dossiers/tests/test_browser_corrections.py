"""A correction request in a real browser, keyboard only: a parent asks on a 320 px phone from the entry as they
see it, the IB'er answers on a desktop from the pupil page through the confirmation page, and the parent reads
the answer. axe-core finds nothing serious and the phone pages do not scroll sideways."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from overstap.dossiers.models import CorrectionRequest, EntryVersion
from overstap.dossiers.services import EntryData, create_entry
from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Relation
from overstap.testing.browser import check_page, signed_in_page
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _press(page, locator, key="Enter"):
    locator.focus()
    page.keyboard.press(key)


def _type(page, locator, text):
    locator.focus()
    page.keyboard.type(text)


def test_a_parent_asks_on_a_phone_and_the_ib_er_answers_on_a_desktop(browser, live_server, axe):
    today = timezone.localdate()
    school = OrganisationFactory(type=OrganisationType.BAO, name="Basisschool De Regenboog")
    pupil = PupilFactory(given_names="Sem", family_name="Jansen", birth_date=today - datetime.timedelta(days=4100))
    EnrolmentFactory(pupil=pupil, organisation=school, start_date=today - datetime.timedelta(days=700))
    ib = MembershipFactory(organisation=school, role="ib")
    entry = create_entry(
        ib.user,
        pupil,
        EntryData("handelingsadviezen", "Instructie", "Laat Sem de opdracht hardop herhalen voor de klas."),
    )
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=True).user

    phone = signed_in_page(browser, live_server, parent, width=320)
    phone.goto(f"{live_server.url}/leerlingen/{pupil.pk}/dossier/")
    check_page(phone, axe, "corrections-dossier-320")
    _press(phone, phone.get_by_role("link", name="Klopt er iets niet of ontbreekt er iets? Vraag het over Instructie"))
    expect(phone.get_by_role("heading", name="De school vragen iets te verbeteren of aan te vullen")).to_be_visible()
    expect(phone.get_by_text("U leest het antwoord in Overstap.")).to_be_visible()
    # Sending without saying what is wrong names the field and keeps what was chosen.
    _press(phone, phone.get_by_label("Er klopt iets niet"), "Space")
    _press(phone, phone.get_by_role("button", name="Naar de school sturen"))
    summary = phone.locator("#foutmeldingen")
    expect(summary).to_contain_text("Wat klopt er niet of wat ontbreekt: dit veld is verplicht.")
    check_page(phone, axe, "corrections-ask-error-320")
    assert not CorrectionRequest.objects.exists()
    _type(phone, phone.get_by_label("Wat klopt er niet of wat ontbreekt"), "Hardop voor de klas vindt Sem spannend.")
    _type(phone, phone.get_by_label("Wat moet er staan"), "Laat Sem de opdracht apart herhalen bij de juf.")
    _press(phone, phone.get_by_role("button", name="Naar de school sturen"))
    expect(phone.get_by_text("Het verzoek is naar de school gestuurd.")).to_be_visible()
    expect(phone.get_by_test_id("correction-status")).to_have_text("Wacht op antwoord van de school")
    check_page(phone, axe, "corrections-asked-320")

    desk = signed_in_page(browser, live_server, ib, width=1280)
    desk.goto(f"{live_server.url}/leerlingen/{pupil.pk}/")
    panel = desk.get_by_test_id("corrections-to-answer")
    expect(panel).to_contain_text("Gevraagd door")
    check_page(desk, axe, "corrections-pupil-page-desktop")
    _press(desk, panel.get_by_role("link", name="Verzoek over “Instructie” beantwoorden"))
    expect(desk.get_by_text("Hardop voor de klas vindt Sem spannend.")).to_be_visible()
    check_page(desk, axe, "corrections-answer-desktop")
    _press(desk, desk.get_by_label("Tekst verbeteren"), "Space")
    text = desk.get_by_label("Nieuwe tekst")
    text.focus()
    desk.keyboard.press("Control+A")
    desk.keyboard.type("Laat Sem de opdracht apart herhalen bij de leerkracht.")
    _type(desk, desk.get_by_label("Bericht aan de familie"), "Dank u. We hebben het aangepast.")
    _press(desk, desk.get_by_role("button", name="Antwoord nakijken"))
    expect(desk.get_by_role("heading", name="De tekst verbeteren?")).to_be_visible()
    check_page(desk, axe, "corrections-confirm-desktop")
    _press(desk, desk.get_by_test_id("confirm"))
    expect(desk.get_by_text("Uw antwoord is opgeslagen. De familie kan het nu lezen.")).to_be_visible()
    expect(desk.get_by_test_id("correction-history")).to_contain_text("Verbeterd: Dank u. We hebben het aangepast.")
    assert [v.text for v in EntryVersion.objects.filter(entry=entry).order_by("version")] == [
        "Laat Sem de opdracht hardop herhalen voor de klas.",
        "Laat Sem de opdracht apart herhalen bij de leerkracht.",
    ]

    phone.reload()
    expect(phone.get_by_test_id("correction-answer")).to_contain_text("De school heeft de tekst verbeterd.")
    expect(phone.get_by_test_id("correction-answer")).to_contain_text("Dank u. We hebben het aangepast.")
    check_page(phone, axe, "corrections-answered-320")
    _press(phone, phone.get_by_role("link", name="Alle versies van de tekst, ook de oude"))
    expect(phone.get_by_text("Laat Sem de opdracht hardop herhalen voor de klas.")).to_be_visible()
    check_page(phone, axe, "corrections-history-320")
    phone.context.close()
    desk.context.close()
