"""The dossier in a real browser: an IB'er records support needs, a parent adds their view beside it."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from overstap.dossiers.models import Entry
from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Relation
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    log_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user, membership=None):
    client = log_in(Client(), user, membership)
    page.context.add_cookies(
        [{"name": "overstap_session", "value": client.cookies["overstap_session"].value, "url": live_server.url}]
    )


def test_an_ib_er_records_and_a_parent_adds_a_view(page, live_server, axe, browser):
    school = OrganisationFactory(type=OrganisationType.BAO, name="Basisschool De Regenboog")
    pupil = PupilFactory(given_names="Sem", family_name="Jansen")
    EnrolmentFactory(pupil=pupil, organisation=school)
    ib = MembershipFactory(organisation=school, role="ib")
    _sign_in(page, live_server, ib.user, ib)
    page.goto(f"{live_server.url}/leerlingen/{pupil.pk}/dossier/")
    assert not [v for v in axe(page) if v["impact"] in ("serious", "critical")]
    page.get_by_role("link", name="Toevoegen aan het dossier").click()
    page.get_by_label("Onderdeel van het dossier").select_option("ontwikkeling")
    page.get_by_label("Ontwikkelingsgebied").select_option("basisvaardigheden")
    page.get_by_label("Titel").fill("Rekenen")
    page.get_by_label("Tekst").fill("Sem rekent op niveau eind groep 6; breuken kosten meer tijd.")
    assert not [v for v in axe(page) if v["impact"] in ("serious", "critical")]
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("breuken kosten meer tijd")).to_be_visible()

    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=True).user
    context = browser.new_context(locale="nl-NL", viewport={"width": 1400, "height": 1000})
    family_page = context.new_page()
    _sign_in(family_page, live_server, parent)
    family_page.goto(f"{live_server.url}/leerlingen/{pupil.pk}/dossier/")
    family_page.get_by_role("link", name="Uw mening toevoegen").click()
    family_page.get_by_label("In een paar woorden").fill("Rekenen thuis")
    family_page.get_by_label("Uw mening").fill("Thuis oefent Sem breuken met pizzapunten; dat helpt.")
    family_page.get_by_role("button", name="Opslaan").click()
    views = family_page.get_by_role("complementary", name="Wat ouders en leerling ervan vinden")
    expect(views).to_contain_text("pizzapunten")
    expect(family_page.get_by_text("breuken kosten meer tijd")).to_be_visible()
    assert not [v for v in axe(family_page) if v["impact"] in ("serious", "critical")]
    context.close()


def test_a_long_dossier_is_read_page_by_page(page, live_server, axe):
    school = OrganisationFactory(type=OrganisationType.BAO, name="Basisschool De Regenboog")
    pupil = PupilFactory(given_names="Sem", family_name="Jansen")
    EnrolmentFactory(pupil=pupil, organisation=school)
    start = timezone.localdate() - datetime.timedelta(days=60)
    Entry.objects.bulk_create(
        Entry(
            pupil=pupil,
            category="ontwikkeling",
            title=f"Observatie {i:02d}",
            text="Werkt geconcentreerd in de ochtend.",
            organisation=school,
            author_name="Juf Anna",
            recorded_on=start + datetime.timedelta(days=i),
        )
        for i in range(60)
    )
    ib = MembershipFactory(organisation=school, role="ib")
    _sign_in(page, live_server, ib.user, ib)
    page.goto(f"{live_server.url}/leerlingen/{pupil.pk}/dossier/")
    pages = page.get_by_role("navigation", name="Pagina's")
    expect(pages).to_contain_text("Pagina 1 van 3")
    expect(page.get_by_role("heading", name="Observatie 59")).to_be_visible()
    expect(page.get_by_role("heading", name="Observatie 34")).to_have_count(0)
    assert not [v for v in axe(page) if v["impact"] in ("serious", "critical")]
    pages.get_by_role("link", name="Volgende").click()
    expect(pages).to_contain_text("Pagina 2 van 3")
    expect(page.get_by_role("heading", name="Observatie 34")).to_be_visible()
    pages.get_by_role("link", name="Vorige").click()
    expect(pages).to_contain_text("Pagina 1 van 3")
    expect(page.get_by_role("heading", name="Observatie 59")).to_be_visible()


def test_an_ib_er_writes_an_opp(page, live_server, axe):
    school = OrganisationFactory(type=OrganisationType.SO, name="SO Het Kompas")
    pupil = PupilFactory(given_names="Lotte", family_name="de Graaf")
    EnrolmentFactory(pupil=pupil, organisation=school)
    ib = MembershipFactory(organisation=school, role="ib")
    _sign_in(page, live_server, ib.user, ib)
    page.goto(f"{live_server.url}/leerlingen/{pupil.pk}/plannen/")
    page.get_by_role("link", name="Nieuw OPP").click()
    assert not [v for v in axe(page) if v["impact"] in ("serious", "critical")]
    page.get_by_label("Uitstroomprofiel").select_option("vervolgonderwijs")
    page.get_by_label("Verwacht niveau").fill("vmbo-basis")
    page.get_by_label("Aanpak").fill("Korte instructie, veel herhaling, vaste dagstructuur.")
    page.get_by_label("Eerste evaluatie").fill("2027-03-01")
    page.locator("#id_doel-0-area").fill("Lezen")
    page.locator("#id_doel-0-goal").fill("AVI E5 aan het eind van het jaar")
    page.locator("#id_doel-0-intermediate_goals").fill("AVI M5 in januari\nAVI E5 in juni")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("AVI E5 aan het eind van het jaar")).to_be_visible()
    expect(page.get_by_text("AVI M5 in januari")).to_be_visible()
    assert not [v for v in axe(page) if v["impact"] in ("serious", "critical")]
