"""Transitions end to end in a real browser, three people in three browser windows, each page checked by axe-core.

An IB'er prepares a PO-VO move for a pupil going to LWOO, the parents read what goes and add their view (by
keyboard), the VO school is notified, opens the handover, records the warm handover and places the pupil. A PO-SO
move cannot reach "geplaatst" without a TLV SO.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from overstap.dossiers.models import Entry
from overstap.organisations.models import OrganisationType, Sector
from overstap.pupils.models import Relation
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    RegionFactory,
    log_in,
)
from overstap.transitions.models import Handover, Status, TransitionCase

from .conftest import tick_required

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


def _window(browser, live_server, user, membership=None):
    """A browser window of its own, logged in as this person."""
    client = log_in(Client(), user, membership)
    context = browser.new_context(locale="nl-NL")
    context.add_cookies(
        [{"name": "overstap_session", "value": client.cookies["overstap_session"].value, "url": live_server.url}]
    )
    return context.new_page()


def _shot(page, name):
    """Keeps a full-page screenshot for a person to look at, when asked to (OVERSTAP_KEEP_SCREENSHOTS=1)."""
    if os.environ.get("OVERSTAP_KEEP_SCREENSHOTS"):
        folder = Path(os.environ.get("OVERSTAP_SCREENSHOTS", "var/screenshots"))
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"transition-{name}.png"), full_page=True)


def _no_serious(axe, page):
    violations = [v["id"] for v in axe(page) if v["impact"] in ("serious", "critical")]
    assert not violations, f"{page.url}: {violations}"


def test_po_vo_with_lwoo_from_preparation_to_placement(browser, page, live_server, axe):
    po_region = RegionFactory(sector=Sector.PO, code="PO 77-01")
    vo_region = RegionFactory(sector=Sector.VO, code="VO 77-01")
    school = OrganisationFactory(type=OrganisationType.BAO, name="Basisschool De Regenboog")
    school.regions.add(po_region)
    college = OrganisationFactory(type=OrganisationType.VO, name="Lindendal College")
    college.regions.add(vo_region)
    pupil = PupilFactory(given_names="Sem", family_name="Jansen", birth_date=TODAY.replace(year=TODAY.year - 12))
    EnrolmentFactory(pupil=pupil, organisation=school, start_date=TODAY.replace(year=TODAY.year - 8))
    Entry.objects.create(
        pupil=pupil,
        category="ondersteuningsbehoeften",
        title="Structuur",
        text="Sem heeft een vaste dagplanning nodig.",
        organisation=school,
        author_name="Inge Bakker",
    )
    Entry.objects.create(
        pupil=pupil,
        category="thuissituatie",
        title="Thuis",
        text="Een tekst die niet mee mag.",
        organisation=school,
        author_name="Inge Bakker",
    )
    ib = MembershipFactory(organisation=school, role="ib")
    zorg = MembershipFactory(organisation=college, role="zorgcoordinator")
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=True).user

    # The IB'er prepares the move.
    ib_page = _window(browser, live_server, ib.user, ib)
    ib_page.goto(f"{live_server.url}/leerlingen/{pupil.pk}/")
    ib_page.get_by_role("link", name="Overstap voorbereiden").click()
    ib_page.get_by_label("Naar welke school").select_option(label="Lindendal College")
    ib_page.get_by_label("Leerweg op de nieuwe school").select_option(label="Leerwegondersteuning (LWOO)")
    ib_page.get_by_label("Geplande datum").fill((TODAY + datetime.timedelta(days=60)).isoformat())
    ib_page.get_by_role("button", name="Starten").click()
    expect(ib_page.get_by_role("heading", name="Overstap PO-VO")).to_be_visible()
    ib_page.get_by_role("button", name="Aangemeld bij de nieuwe school").click()
    ib_page.get_by_role("link", name="Kiezen wat meegaat").click()
    expect(ib_page.get_by_label("Nationaliteit")).to_be_disabled()
    ib_page.get_by_label("Onderwijs- en ondersteuningsbehoeften").check()
    _no_serious(axe, ib_page)
    _shot(ib_page, "1-categories")
    ib_page.get_by_role("button", name="Keuze opslaan").click()
    ib_page.get_by_role("button", name="Inzage ouders").click()
    expect(ib_page.get_by_test_id("status")).to_have_text("Inzage ouders")
    expect(ib_page.get_by_text("Voordat het verzonden kan worden")).to_be_visible()
    # Sending goes through its confirmation, which says what is still missing and offers no button yet.
    ib_page.get_by_role("link", name="Overdracht versturen…").click()
    expect(ib_page.locator("#nog-nodig")).to_contain_text("de datum waarop de ouders het rapport lazen")
    expect(ib_page.get_by_test_id("confirm")).to_have_count(0)
    _no_serious(axe, ib_page)
    ib_page.go_back()

    # The parents read what goes. Opening it is not "having read it": they say so themselves, whether they agree,
    # and add their view, using the keyboard only.
    parent_page = _window(browser, live_server, parent)
    parent_page.goto(f"{live_server.url}/overstappen/")
    parent_page.get_by_role("link", name="Sem Jansen").click()
    parent_page.get_by_role("link", name="Lees het rapport en geef uw mening").click()
    expect(parent_page.get_by_text("Sem heeft een vaste dagplanning nodig.")).to_be_visible()
    expect(parent_page.get_by_text("Een tekst die niet mee mag.")).to_have_count(0)
    say = parent_page.get_by_test_id("family-say")
    expect(say).to_contain_text("De ouders of de leerling hebben nog niet gezegd dat zij het gelezen hebben.")
    _no_serious(axe, parent_page)
    _shot(parent_page, "2-parent")
    parent_page.get_by_label("Ik heb gelezen wat de school doorgeeft").focus()
    parent_page.keyboard.press("Space")
    parent_page.keyboard.press("Tab")  # into the answers: the first is "yes"; the arrow key picks "no"
    parent_page.keyboard.press("ArrowDown")
    expect(parent_page.get_by_label("Nee, ik zie sommige dingen anders")).to_be_checked()
    parent_page.keyboard.press("Tab")
    expect(parent_page.get_by_label("Uw mening")).to_be_focused()
    parent_page.keyboard.type("Sem vraagt op een nieuwe plek vaak niets. Vraag het hem gewoon.")
    parent_page.keyboard.press("Tab")
    expect(parent_page.get_by_role("button", name="Mijn antwoord naar de school sturen")).to_be_focused()
    parent_page.keyboard.press("Enter")
    expect(parent_page.get_by_text("Dank u. De school ziet dat u het gelezen hebt")).to_be_visible()
    expect(say).to_contain_text("Niet eens met het rapport")
    _shot(parent_page, "2b-parent-answered")

    # Now the report can go, once the checklist's required items are done.
    tick_required(ib.user, TransitionCase.objects.get())
    ib_page.reload()
    ib_page.get_by_role("link", name="Overdracht versturen…").click()
    ib_page.get_by_test_id("confirm").click()
    expect(ib_page.get_by_test_id("status")).to_have_text("Verzonden")

    # The VO school is notified, opens the handover and records the warm handover.
    vo_page = _window(browser, live_server, zorg.user, zorg)
    vo_page.goto(f"{live_server.url}/overstappen/")
    expect(vo_page.get_by_role("heading", name="Nieuw voor uw organisatie")).to_be_visible()
    _no_serious(axe, vo_page)
    _shot(vo_page, "4-vo-list")
    vo_page.get_by_role("button", name=re.compile(r"^Openen\W+Sem Jansen")).click()
    vo_page.get_by_role("link", name="Overdracht lezen").click()
    expect(vo_page.get_by_text("Sem vraagt op een nieuwe plek vaak niets.")).to_be_visible()
    expect(vo_page.get_by_text("Sem heeft een vaste dagplanning nodig.")).to_be_visible()
    _no_serious(axe, vo_page)
    _shot(vo_page, "5-vo-handover")
    vo_page.go_back()
    vo_page.reload()
    expect(vo_page.get_by_test_id("status")).to_have_text("Geopend")
    expect(vo_page.get_by_test_id("opened")).to_contain_text(str(zorg.user))
    vo_page.get_by_role("link", name="Overleg vastleggen").click()
    vo_page.locator("#id_held_on").fill(TODAY.isoformat())
    vo_page.locator("#id_deelnemer-0-name").fill("Sem")
    vo_page.locator("#id_deelnemer-1-name").fill("Moeder van Sem")
    vo_page.locator("#id_afspraak-0-text").fill("Mentor zet Sem de eerste weken vooraan.")
    vo_page.locator("#id_afspraak-0-owner_name").fill("Mentor 1B")
    vo_page.locator("#id_afspraak-0-due_on").fill((TODAY + datetime.timedelta(days=70)).isoformat())
    _no_serious(axe, vo_page)
    _shot(vo_page, "6-meeting-form")
    vo_page.get_by_role("button", name="Overleg opslaan").click()
    expect(vo_page.get_by_role("cell", name="Mentor 1B")).to_be_visible()
    vo_page.get_by_role("link", name="PO-VO · Sem Jansen").click()
    vo_page.get_by_role("button", name="Warme overdracht gehouden").click()
    vo_page.get_by_role("button", name="Geplaatst").click()
    expect(vo_page.get_by_test_id("status")).to_have_text("Geplaatst")
    _no_serious(axe, vo_page)
    _shot(vo_page, "7-vo-placed")
    ib_page.reload()
    _shot(ib_page, "3-ib-sent")

    case = TransitionCase.objects.get()
    handover = Handover.objects.get(case=case)
    assert case.status == Status.GEPLAATST and case.programme == "lwoo"
    assert handover.inzage_on == timezone.localdate() and handover.family_view.startswith("Sem vraagt")
    assert [s["category"] for s in handover.content["sections"]] == ["ondersteuningsbehoeften"]


def test_po_so_cannot_be_placed_without_a_tlv_so(browser, live_server, axe):
    from overstap.transitions.handover import choose_categories, handover_or_blank, record_inzage, waive_family_view
    from overstap.transitions.workflow import change_status, open_case

    region = RegionFactory(sector=Sector.PO, code="PO 77-02")
    sbo = OrganisationFactory(type=OrganisationType.SBO, name="SBO De Wegwijzer")
    so = OrganisationFactory(type=OrganisationType.SO, name="SO Het Kompas")
    for org in (sbo, so):
        org.regions.add(region)
    pupil = PupilFactory(given_names="Daan", family_name="Vermeulen")
    EnrolmentFactory(pupil=pupil, organisation=sbo)
    ib = MembershipFactory(organisation=sbo, role="ib")
    so_ib = MembershipFactory(organisation=so, role="ib")
    ib.user.acting_membership = ib
    case = open_case(ib.user, pupil, so, planned_on=TODAY + datetime.timedelta(days=30))
    case = change_status(ib.user, case, Status.AANGEMELD)
    choose_categories(ib.user, case, ["ontwikkeling"], expected_version=handover_or_blank(case).version)
    case = change_status(ib.user, case, Status.INZAGE_OUDERS)
    record_inzage(ib.user, case, TODAY, by_name="Vader")
    waive_family_view(ib.user, case)
    tick_required(ib.user, case)
    change_status(ib.user, case, Status.VERZONDEN)

    so_page = _window(browser, live_server, so_ib.user, so_ib)
    so_page.goto(f"{live_server.url}/overstappen/{case.pk}/overdracht/")
    so_page.goto(f"{live_server.url}/overstappen/{case.pk}/")
    so_page.get_by_role("button", name="Geplaatst").click()
    expect(so_page.locator(".ovs-messages")).to_contain_text("Toelaatbaarheidsverklaring (TLV) voor SO")
    expect(so_page.get_by_test_id("status")).to_have_text("Geopend")
    _no_serious(axe, so_page)
    case.refresh_from_db()
    assert case.status == Status.GEOPEND


def test_the_other_transition_pages_pass_axe(browser, live_server, axe, world):
    """The pages around a handover that the walk above does not open, as the people who use them."""
    from overstap.transitions.feedback import give_feedback
    from overstap.transitions.meetings import record_meeting, save_mentor_note
    from overstap.transitions.workflow import open_case, open_handover

    from .conftest import acting, send

    case = open_case(world["ib"].user, world["pupil"], world["vo"], planned_on=TODAY + datetime.timedelta(days=5))
    case = send({**world, "case": case})
    zorg = world["vo_ib"]
    open_handover(zorg.user, case)
    meeting = record_meeting(
        zorg.user,
        case,
        kind="warme_overdracht",
        held_on=TODAY,
        participants=[{"name": "Sem", "role": "leerling"}],
        agreements=[{"text": "Vaste plek in de klas", "owner_name": "Mentor 1B", "due_on": TODAY}],
    )
    save_mentor_note(zorg.user, case, "Sem zit graag vooraan. Bel bij vragen de IB'er van De Regenboog.", 0)
    give_feedback(zorg.user, case, "overdracht", complete=4, useful=5, on_time=4, comment="Op tijd en bruikbaar.")
    consultant = acting(MembershipFactory(organisation=world["swv"], role="swv_consulent"))
    mentor = MembershipFactory(organisation=world["vo"], role="mentor")

    pages = [
        (zorg, f"/overstappen/{case.pk}/", "Overstap PO-VO"),
        (zorg, f"/overstappen/overleg/{meeting.pk}/", "Warme overdracht"),
        (zorg, f"/overstappen/{case.pk}/terugkoppeling/eerste_weken/", "Terugkoppeling"),
        (world["ib"], "/overstappen/terugkoppeling/", "Terugkoppeling op overdrachten"),
        (world["ib"], f"/overstappen/{case.pk}/", "Overstap PO-VO"),
        (consultant, "/overstappen/protocol/", "Regionaal protocol"),
        (mentor, f"/overstappen/{case.pk}/mentor/", "wat de mentor moet weten"),
    ]
    for membership, path, heading in pages:
        window = _window(browser, live_server, membership.user, membership)
        window.goto(f"{live_server.url}{path}")
        expect(window.get_by_role("heading", level=1)).to_contain_text(heading)
        _no_serious(axe, window)
        _shot(window, f"extra-{path.strip('/').replace('/', '-')}")
        window.context.close()
