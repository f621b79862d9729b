"""The overstapcoach in a real browser: the sending school assigns the coach on the move, the coach finds the
student on the caseload, records a conversation and a goal with the keyboard, and the pages pass axe-core and fit
a 320 px wide phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from overstap.coaching.models import Coaching
from overstap.organisations.models import OrganisationType, Sector
from overstap.testing.browser import keep_screenshot, signed_in_page
from overstap.testing.factories import (
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    RegionFactory,
)
from overstap.transitions.models import Status
from overstap.transitions.workflow import change_status, open_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


_window = signed_in_page


def _shot(page, name):
    keep_screenshot(page, f"coaching-{name}")


def _no_serious(axe, page):
    violations = [v["id"] for v in axe(page) if v["impact"] in ("serious", "critical")]
    assert not violations, f"{page.url}: {violations}"


def _fits_a_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url


def test_a_coach_is_assigned_and_keeps_the_log_and_the_plan(browser, live_server, axe):
    region = RegionFactory(sector=Sector.VO, code="VO 78-01")
    college = OrganisationFactory(type=OrganisationType.VO, name="Lindendal College")
    college.regions.add(region)
    roc = OrganisationFactory(type=OrganisationType.MBO, name="ROC Lindendal")
    pupil = PupilFactory(given_names="Noor", family_name="Leeuwen", birth_date=TODAY.replace(year=TODAY.year - 16))
    EnrolmentFactory(pupil=pupil, organisation=college, start_date=TODAY.replace(year=TODAY.year - 4))
    care = MembershipFactory(organisation=college, role="zorgcoordinator")
    care.user.acting_membership = care
    coach = MembershipFactory(organisation=college, role="overstapcoach")
    case = open_case(care.user, pupil, roc, planned_on=TODAY + datetime.timedelta(days=200))
    case = change_status(care.user, case, Status.AANGEMELD)

    school = _window(browser, live_server, care)
    school.goto(f"{live_server.url}/overstappen/{case.pk}/")
    expect(school.get_by_role("heading", name="Overstapcoach")).to_be_visible()
    school.get_by_label("Coach").select_option(str(coach.pk))
    school.get_by_role("button", name="Coach toewijzen").click()
    expect(school.get_by_text("De coach is toegewezen.")).to_be_visible()
    _no_serious(axe, school)
    coaching = Coaching.objects.get(case=case)
    assert coaching.coach == coach

    phone = _window(browser, live_server, coach, width=320)
    phone.goto(f"{live_server.url}/coaching/")
    _fits_a_phone(phone)
    _no_serious(axe, phone)
    _shot(phone, "caseload-320")
    phone.get_by_role("link", name="Noor Leeuwen").click()
    expect(phone.get_by_role("heading", name="Coaching: Noor Leeuwen")).to_be_visible()
    _fits_a_phone(phone)
    _no_serious(axe, phone)

    # With the keyboard: a conversation with its next date, then a goal in the student's words.
    phone.get_by_label("Wat is besproken en afgesproken").focus()
    phone.keyboard.type("Kennismaking: Noor kiest Helpende Zorg en Welzijn.")
    phone.get_by_label("Volgend contact").fill((TODAY + datetime.timedelta(days=14)).isoformat())
    phone.get_by_role("button", name="Contact vastleggen").focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_text("Het contact is vastgelegd.")).to_be_visible()
    phone.get_by_label("Doel, in de woorden van de student").fill("Ik weet waar mijn lokaal is.")
    phone.get_by_role("button", name="Doel toevoegen").click()
    expect(phone.get_by_text("Ik weet waar mijn lokaal is.", exact=True)).to_be_visible()
    _fits_a_phone(phone)
    _shot(phone, "coaching-320")
    assert coaching.contacts.count() == 1 and coaching.goals.count() == 1

    # Closing before the student is in class is refused with a message that says why.
    phone.get_by_role("link", name="De student zit in de klas: afronden").click()
    expect(phone.get_by_text("pas afgerond als de student echt in de klas zit")).to_be_visible()
    coaching.refresh_from_db()
    assert coaching.status == "actief"
