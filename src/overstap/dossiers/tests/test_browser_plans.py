"""Maintaining an OPP in a real browser: an IB'er changes it, is told in Dutch which dates are wrong, saves a new
version; a care coordinator who had it open at the same time is told and keeps their text. axe-core finds nothing
serious and the forms fit a phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from overstap.dossiers.plan_services import create_opp, update_opp
from overstap.organisations.models import OrganisationType
from overstap.testing.browser import PHONE, check_page, signed_in_page
from overstap.testing.factories import EnrolmentFactory, MembershipFactory, OrganisationFactory, PupilFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


def test_an_opp_is_changed_with_checked_dates_and_a_second_saver_is_told(browser, live_server, axe):
    school = OrganisationFactory(type=OrganisationType.SO, name="SO Het Kompas")
    pupil = PupilFactory(given_names="Lotte", family_name="de Graaf")
    EnrolmentFactory(pupil=pupil, organisation=school)
    ib = MembershipFactory(organisation=school, role="ib")
    zc = MembershipFactory(organisation=school, role="zorgcoordinator")
    soon, later = TODAY + datetime.timedelta(days=30), TODAY + datetime.timedelta(days=90)
    opp = create_opp(
        ib.user,
        pupil,
        exit_profile="vervolgonderwijs",
        exit_level="vmbo-basis",
        approach="Kleine stappen.",
        goals=[{"area": "Lezen", "goal": "AVI E5"}],
        evaluations=[soon],
    )

    desk = signed_in_page(browser, live_server, ib)
    desk.goto(f"{live_server.url}/leerlingen/{pupil.pk}/plannen/")
    desk.get_by_role("link", name="Wijzigen OPP").click()
    expect(desk.get_by_role("heading", name="OPP wijzigen")).to_be_visible()
    desk.get_by_label("Besproken met de ouders op").fill(TODAY.replace(year=TODAY.year + 3).strftime("%d-%m-%Y"))
    desk.get_by_label("Eerste evaluatie").fill(later.strftime("%d-%m-%Y"))
    desk.get_by_label("Tweede evaluatie").fill(soon.strftime("%d-%m-%Y"))
    desk.get_by_role("button", name="Opslaan").click()
    # Beside each field, and in the summary above the form as a link to it.
    expect(desk.locator("#id_parents_discussed_on_error")).to_contain_text(
        "Besproken met de ouders op: dit gesprek kan niet in de toekomst liggen"
    )
    expect(desk.locator("#id_second_evaluation_error")).to_have_text(
        "Tweede evaluatie: plan deze na de eerste evaluatie."
    )
    expect(desk.get_by_role("link", name="Tweede evaluatie: plan deze na de eerste evaluatie.")).to_be_visible()
    check_page(desk, axe, "plans-opp-edit-errors")

    desk.get_by_label("Besproken met de ouders op").fill(TODAY.strftime("%d-%m-%Y"))
    desk.get_by_label("Eerste evaluatie").fill(soon.strftime("%d-%m-%Y"))
    desk.get_by_label("Tweede evaluatie").fill(later.strftime("%d-%m-%Y"))
    desk.get_by_label("Aanpak").fill("Kleine stappen, met een vast maatje.")
    desk.get_by_role("button", name="Opslaan").focus()
    desk.keyboard.press("Enter")
    expect(desk.get_by_text("Het OPP is opgeslagen als nieuwe versie.")).to_be_visible()
    expect(desk.get_by_text("versie 2")).to_be_visible()
    check_page(desk, axe, "plans-after-edit")

    # The care coordinator opened the OPP on a phone; meanwhile the IB'er saves again.
    phone = signed_in_page(browser, live_server, zc, width=PHONE)
    phone.goto(f"{live_server.url}/opp/{opp.pk}/bewerken/")
    phone.get_by_label("Aanpak").fill("Mijn aanvulling vanuit het zorgoverleg.")
    opp.refresh_from_db()
    update_opp(
        ib.user,
        opp,
        expected_version=opp.version,
        exit_profile="vervolgonderwijs",
        exit_level="vmbo-basis",
        approach="Tussendoor opgeslagen.",
        goals=[{"area": "Lezen", "goal": "AVI E5"}],
        evaluations=[soon, later],
        parents_discussed_on=TODAY,
    )
    phone.get_by_role("button", name="Opslaan").click()
    expect(phone.get_by_text("Iemand anders heeft dit plan opgeslagen")).to_be_visible()
    expect(phone.get_by_label("Aanpak")).to_have_value("Mijn aanvulling vanuit het zorgoverleg.")
    check_page(phone, axe, "plans-opp-conflict-phone")
    phone.get_by_role("button", name="Opslaan").click()
    expect(phone.get_by_text("Het OPP is opgeslagen als nieuwe versie.")).to_be_visible()
    phone.get_by_role("link", name="Geschiedenis OPP").click()
    expect(phone.get_by_role("heading", name="Versie 4, opgeslagen door")).to_be_visible()
    expect(phone.get_by_text("Tussendoor opgeslagen.")).to_be_visible()
    check_page(phone, axe, "plans-opp-history-phone")
    desk.context.close()
    phone.context.close()
