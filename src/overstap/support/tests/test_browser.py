"""The SWV request page in a real browser: the consultant sees what their role may do and the TLVs ending soon,
the TLV committee confirms its decision, the school confirms a withdrawal; with the keyboard, axe-core clean, and
the page fits a 390 px phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from overstap.organisations.models import OrganisationType, Sector
from overstap.support.models import Status, SupportRequest
from overstap.support.services import decide, give_advice, request_support
from overstap.testing.browser import PHONE, check_page, signed_in_page
from overstap.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    RegionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


@pytest.fixture
def swv(transactional_db):
    po = RegionFactory(sector=Sector.PO, code="PO 11-01")
    school = OrganisationFactory(type=OrganisationType.BAO, name="De Regenboog")
    school.regions.add(po)
    swv = OrganisationFactory(type=OrganisationType.SWV_PO, name="SWV PO Lindendal")
    swv.regions.add(po)
    people = {
        role: MembershipFactory(organisation=org, role=role)
        for org, role in ((school, "ib"), (swv, "orthopedagoog"), (swv, "swv_consulent"), (swv, "tlv_commissie"))
    }
    for membership in people.values():
        membership.user.acting_membership = membership
    pupils = {}
    for name in ("Lotte", "Yara"):
        pupils[name] = PupilFactory(given_names=name, family_name="de Graaf")
        EnrolmentFactory(pupil=pupils[name], organisation=school)
    # Yara's TLV SO ends in two months.
    yara = request_support(people["ib"].user, pupils["Yara"], "tlv_so", "Yara heeft een kleine groep nodig.")
    give_advice(people["orthopedagoog"].user, yara, "Cluster 4.", True)
    give_advice(people["swv_consulent"].user, yara, "Eens.", True)
    decide(
        people["tlv_commissie"].user,
        yara,
        granted=True,
        motivation="Past bij wat Yara nodig heeft.",
        start_date=TODAY - datetime.timedelta(days=300),
        end_date=TODAY + datetime.timedelta(days=60),
        funding_category="laag",
    )
    lotte = request_support(people["ib"].user, pupils["Lotte"], "tlv_so", "Lotte loopt vast ondanks hulp.")
    return {"people": people, "lotte": lotte}


def test_the_consultant_sees_their_actions_and_the_tlvs_ending_and_the_committee_confirms(
    browser, live_server, axe, swv
):
    people, lotte = swv["people"], swv["lotte"]
    page = signed_in_page(browser, live_server, people["swv_consulent"])
    page.goto(f"{live_server.url}/ondersteuning/{lotte.pk}/")
    actions = page.get_by_test_id("actions")
    expect(actions.get_by_role("link")).to_have_text(["Uw deskundigenadvies geven"])
    check_page(page, axe, "support-consultant", first_screen=True)
    # With the keyboard: the action leads to the advice form.
    actions.get_by_role("link", name="Uw deskundigenadvies geven").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/ondersteuning/{lotte.pk}/#advies")
    page.get_by_label("Uw deskundigenadvies").fill("Past bij SO.")
    page.get_by_label("Aanvraag toekennen").check()
    page.get_by_role("button", name="Advies geven").click()
    expect(page.get_by_text("U gaf uw advies op")).to_be_visible()
    # The TLVs ending soon are one link away.
    page.get_by_role("link", name="1 TLV loopt binnen vier maanden af").click()
    expect(page).to_have_url(f"{live_server.url}/ondersteuning/#tlv-eindigt")
    expect(page.locator("#tlv-eindigt")).to_contain_text("Yara de Graaf")
    check_page(page, axe, "support-tlvs-ending")

    phone = signed_in_page(browser, live_server, people["swv_consulent"], width=PHONE)
    phone.goto(f"{live_server.url}/ondersteuning/{lotte.pk}/")
    check_page(phone, axe, "support-consultant-phone")
    phone.close()

    give_advice(people["orthopedagoog"].user, lotte, "Cluster 4.", True)
    committee = signed_in_page(browser, live_server, people["tlv_commissie"])
    committee.goto(f"{live_server.url}/ondersteuning/{lotte.pk}/")
    committee.get_by_test_id("actions").get_by_role("link", name="Besluit nemen").click()
    committee.get_by_label("Toegekend").check()
    committee.get_by_label("Van", exact=True).fill(TODAY.isoformat())
    committee.get_by_label("Tot", exact=True).fill((TODAY + datetime.timedelta(days=365)).isoformat())
    committee.get_by_label("Bekostigingscategorie (alleen TLV SO/VSO)").select_option("laag")
    committee.get_by_label("Motivering").fill("Lotte heeft meer structuur nodig.")
    committee.get_by_role("button", name="Besluit controleren").click()
    expect(committee.get_by_role("heading", name="Dit besluit nemen?")).to_be_visible()
    expect(committee.get_by_text("Lotte heeft meer structuur nodig.")).to_be_visible()
    check_page(committee, axe, "support-decision-confirm")
    lotte.refresh_from_db()
    assert lotte.status == Status.IN_PROGRESS
    # Back to the form, filled in as it was, and on again.
    committee.get_by_role("button", name="Besluit wijzigen").click()
    expect(committee.get_by_label("Motivering")).to_have_value("Lotte heeft meer structuur nodig.")
    committee.get_by_role("button", name="Besluit controleren").click()
    committee.get_by_test_id("confirm").focus()
    committee.keyboard.press("Enter")
    expect(committee.get_by_text("Het besluit is genomen.")).to_be_visible()
    expect(committee.get_by_test_id("status")).to_have_text("Toegekend")
    check_page(committee, axe, "support-decided")


def test_the_school_confirms_a_withdrawal(browser, live_server, axe, swv):
    lotte = swv["lotte"]
    page = signed_in_page(browser, live_server, swv["people"]["ib"])
    page.goto(f"{live_server.url}/ondersteuning/{lotte.pk}/")
    page.get_by_test_id("actions").get_by_role("link", name="Aanvraag intrekken…").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Deze aanvraag intrekken?")).to_be_visible()
    check_page(page, axe, "support-withdraw-confirm")
    page.get_by_role("link", name="Annuleren").click()
    assert SupportRequest.objects.get(pk=lotte.pk).status == Status.SUBMITTED
    page.get_by_test_id("actions").get_by_role("link", name="Aanvraag intrekken…").click()
    page.get_by_test_id("confirm").click()
    expect(page.get_by_text("De aanvraag is ingetrokken.")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Ingetrokken")
