"""The pupil pages in a real browser, as the IB'er of a primary school uses them: the pupil page with the parent who
has an account, the open move and its status, the signals, deadlines and plans; adding a pupil by hand with the
keyboard, a wrong number and a duplicate explained; who looked, in words, with its filter. axe-core finds nothing
serious and the pages fit a 390 px phone."""

import datetime

import pytest
from playwright.sync_api import expect

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import Actor
from overstap.dossiers.plan_services import create_opp
from overstap.monitoring import engine
from overstap.monitoring.tests.conftest import tlv, town  # noqa: F401  (fixture)
from overstap.pupils.models import Pupil
from overstap.testing.browser import PHONE, check_page, signed_in_page
from overstap.testing.factories import MembershipFactory
from overstap.transitions.tests.conftest import TODAY, world  # noqa: F401  (fixtures)
from overstap.transitions.workflow import open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def school(town):  # noqa: F811
    pupil, ib = town["pupil"], town["ib"]
    town["parent"].first_name, town["parent"].last_name = "Fatima", "Jansen"
    town["parent"].save()
    case = open_case(ib.user, pupil, town["vo"])
    create_opp(
        ib.user,
        pupil,
        exit_profile="vervolgonderwijs",
        exit_level="vmbo-kader",
        approach="Kleine stappen, vaste mentor.",
        goals=[{"goal": "Zelfstandig plannen"}],
        evaluations=[TODAY + datetime.timedelta(days=60)],
    )
    tlv(pupil, town["school"], town["swv"], end=TODAY + datetime.timedelta(days=40))
    engine.run_all(TODAY)
    # Someone of the new school read the handover with consent, and a mentor elsewhere tried the dossier.
    record(
        Actor(town["vo_ib"].user, town["vo_ib"]),
        Action.READ,
        object_type="transitions.Handover",
        pupil_id=pupil.pk,
        legal_basis="wettelijke_plicht,toestemming:1",
    )
    stranger = MembershipFactory(organisation=town["vo"], role="mentor")
    record(Actor(stranger.user, stranger), Action.DENIED, pupil, detail={"action": "view_dossier"})
    return {**town, "case": case}


def test_the_ib_reads_the_pupil_page_and_who_looked(browser, live_server, axe, school):
    pupil = school["pupil"]
    page = signed_in_page(browser, live_server, school["ib"])
    page.goto(f"{live_server.url}/leerlingen/{pupil.pk}/")
    family = page.get_by_test_id("family")
    expect(family).to_contain_text("Fatima Jansen")
    expect(family).to_contain_text("heeft een account in Overstap")
    expect(page.get_by_test_id("move-status")).to_have_text("Voorbereiding")
    expect(page.get_by_role("heading", name="Signalen")).to_be_visible()
    expect(page.get_by_role("heading", name="Termijnen van de overstap")).to_be_visible()
    expect(page.get_by_test_id("current-plans")).to_contain_text("vmbo-kader")
    check_page(page, axe, "pupil-page", first_screen=True)

    page.get_by_role("link", name="Wie keek naar de gegevens van deze leerling").click()
    looks = page.get_by_test_id("looks")
    expect(looks).to_contain_text("bekeken: overdracht")
    expect(looks).to_contain_text("Grondslag: Wettelijke plicht, met toestemming")
    expect(looks).to_contain_text("toegang geweigerd: dossier")
    expect(looks).not_to_contain_text("transitions.")
    check_page(page, axe, "who-looked")
    # The filter with the keyboard: only refused attempts.
    page.get_by_label("Alleen geweigerde pogingen").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Tonen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("looks").locator("li")).to_have_count(1)
    expect(page.get_by_test_id("looks")).to_contain_text("Er is niets getoond")
    check_page(page, axe, "who-looked-refused")

    phone = signed_in_page(browser, live_server, school["ib"], width=PHONE)
    for path, name in (
        (f"/leerlingen/{pupil.pk}/", "pupil-page-phone"),
        (f"/leerlingen/{pupil.pk}/wie-keek-er/", "who-looked-phone"),
    ):
        phone.goto(f"{live_server.url}{path}")
        check_page(phone, axe, name)


def test_the_ib_adds_a_pupil_by_hand_with_the_keyboard(browser, live_server, axe, school):
    page = signed_in_page(browser, live_server, school["ib"])
    page.goto(f"{live_server.url}/leerlingen/")
    page.get_by_role("link", name="Een leerling met de hand toevoegen").click()
    expect(page.get_by_role("heading", name="Leerling toevoegen")).to_be_visible()
    check_page(page, axe, "pupil-new")
    page.get_by_label("Voornamen").focus()
    page.keyboard.type("Lina")
    page.get_by_label("Achternaam").fill("Vermeulen")
    page.get_by_label("Geboortedatum").fill((TODAY.replace(year=TODAY.year - 17)).isoformat())
    page.get_by_label("BSN of onderwijsnummer").fill("111222334")
    page.get_by_role("button", name="Leerling toevoegen").press("Enter")
    summary = page.locator("#foutmeldingen")
    expect(summary).to_contain_text("Geboortedatum: de leerling zou op de eerste schooldag hier 17 zijn")
    expect(summary).to_contain_text("BSN of onderwijsnummer: 111222334 is geen geldig nummer")
    check_page(page, axe, "pupil-new-errors")
    assert not Pupil.objects.filter(family_name="Vermeulen").exists()

    page.get_by_label("Geboortedatum").fill((TODAY.replace(year=TODAY.year - 9)).isoformat())
    page.get_by_label("BSN of onderwijsnummer").fill("111222333")
    page.get_by_role("button", name="Leerling toevoegen").press("Enter")
    expect(page.get_by_role("heading", name="Lina Vermeulen")).to_be_visible()
    expect(page.get_by_text("Lina Vermeulen is ingeschreven bij De Regenboog.")).to_be_visible()

    # The same pupil again: refused, with the way to the pupil who is there.
    page.goto(f"{live_server.url}/leerlingen/nieuw/")
    page.get_by_label("Voornamen").fill("Lina")
    page.get_by_label("Achternaam").fill("Vermeulen")
    page.get_by_label("Geboortedatum").fill((TODAY.replace(year=TODAY.year - 9)).isoformat())
    page.get_by_label("BSN of onderwijsnummer").fill("111 222 333")
    page.get_by_role("button", name="Leerling toevoegen").press("Enter")
    expect(page.locator("#foutmeldingen")).to_contain_text("er staat al een leerling met dit nummer in Overstap")
    check_page(page, axe, "pupil-new-duplicate")
    page.get_by_test_id("existing-pupil").get_by_role("link", name="Naar Lina Vermeulen").click()
    expect(page.get_by_role("heading", name="Lina Vermeulen")).to_be_visible()
    assert Pupil.objects.filter(family_name="Vermeulen").count() == 1

    phone = signed_in_page(browser, live_server, school["ib"], width=PHONE)
    phone.goto(f"{live_server.url}/leerlingen/nieuw/")
    check_page(phone, axe, "pupil-new-phone")
