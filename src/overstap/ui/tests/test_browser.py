"""The home page per role in a real browser: an IB'er, an SWV consultant and a leerplicht officer log in, see
what needs doing today, follow a link to where it is handled; each page is checked by axe-core and fits a
320 px wide screen."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from overstap.organisations.models import OrganisationType, Sector
from overstap.support.models import Kind
from overstap.support.services import request_support
from overstap.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    RegionFactory,
    UserFactory,
)
from overstap.transitions.models import Status
from overstap.transitions.workflow import change_status, open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()
PASSWORD = "Een-goed-wachtwoord-1"
SCREENSHOTS = Path(os.environ.get("OVERSTAP_SCREENSHOTS", Path(__file__).resolve().parents[4] / "var" / "screenshots"))


def _acting(membership):
    membership.user.acting_membership = membership
    return membership


@pytest.fixture
def region():
    po_region = RegionFactory(sector=Sector.PO, code="PO 88-01")
    vo_region = RegionFactory(sector=Sector.VO, code="VO 88-01")
    school = OrganisationFactory(type=OrganisationType.BAO, name="Basisschool De Regenboog")
    school.regions.add(po_region)
    college = OrganisationFactory(type=OrganisationType.VO, name="Lindendal College")
    college.regions.add(vo_region)
    swv = OrganisationFactory(type=OrganisationType.SWV_PO, name="Samenwerkingsverband PO Lindendal")
    swv.regions.add(po_region)
    gemeente = OrganisationFactory(type=OrganisationType.GEMEENTE, name="Gemeente Lindendal")

    def person(organisation, role, first, last):
        user = UserFactory(first_name=first, last_name=last)
        TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        return _acting(MembershipFactory(user=user, organisation=organisation, role=role))

    ib = person(school, "ib", "Inge", "Bakker")
    people = {
        "ib": ib,
        "swv_consulent": person(swv, "swv_consulent", "Sanne", "de Vries"),
        "leerplicht": person(gemeente, "leerplicht", "Lars", "Peters"),
    }
    names = [("Sem", "Jansen"), ("Noor", "van Leeuwen"), ("Daan", "Visser")]
    pupils = []
    for given, family in names:
        pupil = PupilFactory(
            given_names=given,
            family_name=family,
            birth_date=TODAY.replace(year=TODAY.year - 12),
            municipality=gemeente,
        )
        EnrolmentFactory(pupil=pupil, organisation=school, start_date=TODAY.replace(year=TODAY.year - 8))
        pupils.append(pupil)
    open_case(ib.user, pupils[0], college, planned_on=TODAY + datetime.timedelta(days=2))
    change_status(ib.user, open_case(ib.user, pupils[1], college), Status.AANGEMELD)
    change_status(ib.user, open_case(ib.user, pupils[2], college), Status.GEEN_PLEK)
    request_support(ib.user, pupils[0], Kind.TLV_SBO, "Sem loopt vast in de grote groep. Past het SBO beter?")
    return people


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _log_in(page, live_server, user):
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Code", exact=True).fill(_code(user.totpdevice_set.get()))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{live_server.url}/")


def _no_serious(axe, page):
    serious = [v for v in axe(page) if v["impact"] in ("serious", "critical")]
    assert not serious, f"{page.url}: " + "; ".join(f"{v['id']} ({len(v['nodes'])}x)" for v in serious)


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"home-{name}.png"), full_page=True)


def _fits_a_narrow_screen(browser, page, name):
    """The same page, with the same log-in, on a 320 px wide screen: nothing scrolls sideways."""
    narrow = browser.new_context(locale="nl-NL", viewport={"width": 320, "height": 800})
    narrow.add_cookies(page.context.cookies())
    small = narrow.new_page()
    small.goto(page.url)
    _shot(small, f"{name}-320")
    assert small.evaluate("document.documentElement.scrollWidth") <= 320
    narrow.close()


@pytest.mark.parametrize(
    ("who", "heading", "item", "lands_on"),
    [
        ("ib", "Overstappen vanaf uw school", "Sem Jansen", "Overstap"),
        ("swv_consulent", "Ondersteuningsaanvragen", "Sem Jansen", "Toelaatbaarheidsverklaring (TLV) voor SBO"),
        ("leerplicht", "Leerlingen zonder plek", "Daan Visser", "Overstap"),
    ],
)
def test_each_role_lands_on_what_needs_doing_today(
    browser, page, live_server, axe, region, who, heading, item, lands_on
):
    membership = region[who]
    _log_in(page, live_server, membership.user)
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Hallo {membership.user.first_name}")
    expect(page.get_by_text(str(membership.organisation)).first).to_be_visible()
    panel = page.get_by_role("region", name=heading)
    expect(panel).to_be_visible()
    _no_serious(axe, page)
    _shot(page, who)
    _fits_a_narrow_screen(browser, page, who)
    if who == "leerplicht":
        # Registration and place only: no support request, no support content on the page.
        expect(page.locator("main")).not_to_contain_text("SBO")
        expect(page.locator("main")).not_to_contain_text("Ondersteuningsaanvragen")
    panel.get_by_role("link", name=item).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(lands_on)
    _no_serious(axe, page)
    _shot(page, f"{who}-followed")
    if who == "leerplicht":
        expect(page.locator("main")).not_to_contain_text("Ondersteuningsbehoeften")
