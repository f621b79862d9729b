"""The regional dashboard in a real browser, on a phone (320 and 390 px) and a desktop: the policy officer of the
municipality reads the headline figures first, every chart has its table, small counts are hidden, axe-core finds no
serious or critical violation and nothing scrolls sideways; leerplicht goes from a figure to the pupils it follows."""

import datetime

import pytest
from playwright.sync_api import expect

from overstap.dashboard.services import refresh
from overstap.monitoring import engine
from overstap.monitoring.tests.conftest import town  # noqa: F401  (fixture)
from overstap.testing.browser import assert_fits, check_page, signed_in_page
from overstap.testing.factories import EnrolmentFactory, MembershipFactory, PupilFactory
from overstap.thuiszitters.models import AbsenceReport
from overstap.transitions.models import TransitionCase
from overstap.transitions.tests.conftest import TODAY, acting, world  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def region(town):  # noqa: F811
    # Nine pupils of the municipality without a move's place, one of them at home (so a thuiszitter, not "without a
    # place": eight): the figure of a week ago had one more.
    for n in range(9):
        pupil = PupilFactory(municipality=town["municipality"], birth_date=TODAY - datetime.timedelta(days=12 * 365))
        EnrolmentFactory(pupil=pupil, organisation=town["school"], start_date=TODAY - datetime.timedelta(days=900))
        TransitionCase.objects.create(
            pupil=pupil,
            from_organisation=town["school"],
            code="PO-VO",
            school_year=f"{TODAY.year}-{TODAY.year + 1}",
            status="geen_plek",
            created_by_name="IB'er",
        )
        if n == 8:  # at home by the register's definition: absent without permission for five weeks
            AbsenceReport.objects.create(
                pupil=pupil,
                school=town["school"],
                from_date=TODAY - datetime.timedelta(days=35),
                kind="ongeoorloofd",
                recorded_by_name="IB'er",
            )
    week_ago = TODAY - datetime.timedelta(days=7)
    extra = TransitionCase.objects.create(
        pupil=town["pupil"],
        from_organisation=town["school"],
        code="PO-VO",
        school_year="2025-2026",
        status="geen_plek",
        created_by_name="IB'er",
    )
    engine.run_all(week_ago)
    TransitionCase.objects.filter(pk=extra.pk).update(status="ingetrokken")
    engine.run_all(TODAY)
    refresh(TODAY)
    return {**town, "beleid": acting(MembershipFactory(organisation=town["municipality"], role="beleid"))}


_window = signed_in_page


def _check(page, axe, name):
    check_page(page, axe, f"dashboard-{name}", first_screen=True)


def _headers_read_whole(page):
    """On a desktop the eleven columns of the per-school table fit the page, and no header breaks inside a word:
    each word of a header lies on one line (its box is one line high)."""
    assert_fits(page, 1280)
    table = page.locator("table.ovs-dashboard-table--wide").last
    expect(table.locator("th[scope=colgroup]")).to_have_text("Terugkoppeling")
    broken = table.evaluate(
        """table => [...table.querySelectorAll('thead th')].flatMap(th => {
            const text = th.firstChild; if (!text) return [];
            const words = [], range = document.createRange(); let at = 0;
            for (const word of text.textContent.split(' ')) {
                range.setStart(text, at); range.setEnd(text, at + word.length); at += word.length + 1;
                if (range.getClientRects().length > 1) words.push(word);
            }
            return words;
        })"""
    )
    assert broken == [], broken


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_policy_officer_reads_the_region_at_a_glance(browser, live_server, axe, region, width):
    page = _window(browser, live_server, region["beleid"], width)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="De regio in één oogopslag")).to_be_visible()
    # The home page already says the state of the region, with the figure of a week ago.
    panel = page.locator("section", has=page.locator("#panel-dashboard"))
    expect(panel).to_contain_text("8 leerlingen zonder plek, 1 minder dan vorige week")
    expect(panel).not_to_contain_text("nog niet berekend")
    page.get_by_role("link", name="Het regiodashboard openen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("De regio in één oogopslag")
    first = page.locator(".ovs-headline__item").first
    expect(first).to_contain_text("Leerlingen zonder plek")
    expect(first).to_contain_text("8 leerlingen zonder plek, 1 minder dan vorige week")
    expect(page.get_by_text("Bijgewerkt om").first).to_be_visible()
    expect(page.locator('svg[role="img"]').first).to_be_visible()
    expect(page.locator("table caption").first).to_be_visible()
    expect(page.locator("td", has_text="<5").first).to_be_attached()
    _check(page, axe, f"beleid-{width}")
    if width == 1280:
        _headers_read_whole(page)
    page.locator("select#id_schooljaar").select_option(f"{TODAY.year}-{TODAY.year + 1}")
    page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(f"{live_server.url}/regio/?school=&overstap=&schooljaar={TODAY.year}-{TODAY.year + 1}")
    expect(page.locator("select#id_schooljaar")).to_have_value(f"{TODAY.year}-{TODAY.year + 1}")
    _check(page, axe, f"beleid-filtered-{width}")


def test_leerplicht_goes_from_the_figure_to_the_pupils_it_follows(browser, live_server, axe, region):
    page = _window(browser, live_server, region["leerplicht"], 390)
    page.goto(live_server.url + "/regio/")
    page.get_by_role("link", name="De leerlingen die u volgt: Leerlingen zonder plek").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("de leerlingen die u volgt")
    expect(page.locator("tbody tr")).to_have_count(8)
    _check(page, axe, "leerplicht-pupils-390")
