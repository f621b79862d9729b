"""The deadlines of a move in a real browser: the case page and the case list, on a desktop and on a 320 px phone,
checked by axe-core (no serious or critical violation) and without sideways scrolling."""

import datetime
import os
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from overstap.testing.factories import PupilFactory, log_in
from overstap.transitions.models import ChecklistItem, TransitionCase
from overstap.transitions.workflow import open_case

from .conftest import send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


def _page(browser, live_server, membership, width):
    client = log_in(Client(), membership.user, membership)
    context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": "overstap_session", "value": client.cookies["overstap_session"].value, "url": live_server.url}]
    )
    return context.new_page()


def _shot(page, name):
    if os.environ.get("OVERSTAP_KEEP_SCREENSHOTS"):
        folder = Path(os.environ.get("OVERSTAP_SCREENSHOTS", "var/screenshots"))
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"deadlines-{name}.png"), full_page=True)


# The part of the base layout that does not fit a 320 px screen yet (the two-column facts lists, with their 14rem
# label column): it is set aside before measuring, so that what this page adds is what
# is measured. Without them nothing may scroll sideways.
NOT_YET_320 = "main dl.ovs-facts"


def _checked(page, axe, name, only=""):
    """No serious axe violation, and no sideways scrolling without the parts above (with ``only``: of that section
    alone, on a page where other apps' sections are measured by their own tests)."""
    violations = [v["id"] for v in axe(page) if v["impact"] in ("serious", "critical")]
    assert not violations, f"{page.url}: {violations}"
    _shot(page, name)
    page.evaluate("(sel) => document.querySelectorAll(sel).forEach((e) => { e.hidden = true; })", NOT_YET_320)
    if only:
        page.evaluate(
            """(only) => { const keep = document.querySelector(only);
                document.querySelectorAll('main *').forEach((e) => {
                    if (!e.contains(keep) && !keep.contains(e)) e.dataset.aside = e.hidden = true; }); }""",
            only,
        )
    wide = page.evaluate(
        """() => [...document.querySelectorAll('main, main *')]
            .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .slice(0, 5)
            .map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
    )
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.evaluate("(sel) => document.querySelectorAll(sel).forEach((e) => { e.hidden = false; })", NOT_YET_320)
    page.evaluate("document.querySelectorAll('[data-aside]').forEach((e) => { e.hidden = false; })")
    assert fits and not wide, f"{name}: sideways: {wide}"


def test_the_deadlines_on_the_case_page_and_the_case_list(browser, live_server, axe, world):
    # A PO-VO move that started three weeks ago and was sent, with the school recommendation ticked off; a second
    # move still being prepared for next school year.
    world["case"] = open_case(
        world["ib"].user, world["pupil"], world["vo"], planned_on=TODAY - datetime.timedelta(days=21)
    )
    ChecklistItem.objects.filter(case=world["case"], key="schooladvies").update(done_on=TODAY)
    send(world)
    other = PupilFactory(given_names="Noor", family_name="de Vries")
    TransitionCase.objects.create(
        pupil=other,
        from_organisation=world["school"],
        to_organisation=world["vo"],
        code="PO-VO",
        school_year="2027-2028",
        planned_on=TODAY + datetime.timedelta(days=300),
        created_by_name="Juf Anna",
    )
    for width in (1280, 320):
        page = _page(browser, live_server, world["ib"], width)
        page.goto(f"{live_server.url}/overstappen/{world['case'].pk}/")
        milestones = page.get_by_test_id("milestones")
        assert milestones.is_visible()
        assert "Te laat" in milestones.inner_text()
        done = page.get_by_test_id("milestones-done")
        assert "4 termijnen gedaan" in done.inner_text()
        done.locator("summary").click()
        assert "Gedaan" in done.inner_text()
        _checked(page, axe, f"case-{width}")

        page.goto(f"{live_server.url}/overstappen/")
        assert page.get_by_test_id("next-deadline").count() == 2
        _checked(page, axe, f"list-{width}")
        page.get_by_role("link", name="Alleen overstappen die te laat zijn").click()
        assert page.get_by_test_id("next-deadline").count() == 1
        _checked(page, axe, f"list-late-{width}")

        page.goto(f"{live_server.url}/leerlingen/{world['pupil'].pk}/")
        assert page.get_by_test_id("milestones").is_visible()
        _checked(page, axe, f"pupil-{width}", only="#termijnen-leerling")
        page.context.close()


def test_the_consultant_changes_the_regions_date_on_the_protocol_page(browser, live_server, axe, world):
    from overstap.organisations.models import OrganisationType
    from overstap.testing.factories import MembershipFactory, OrganisationFactory
    from overstap.transitions.models import ProtocolItem

    swv = OrganisationFactory(type=OrganisationType.SWV_PO, name="SWV PO Regenboog")
    swv.regions.add(world["po_region"])
    consultant = MembershipFactory(organisation=swv, role="swv_consulent")
    item = ProtocolItem.objects.create(
        region=world["po_region"],
        transitions=["PO-VO"],
        text="Aanmeldweek voortgezet onderwijs: de school meldt de leerling aan in de aanmeldweek.",
        due_on=datetime.date(2026, 3, 13),
        milestone="aanmelding",
        source="PO-VO afspraken regio",
        created_by_name="SWV",
    )
    for width in (1280, 320):
        page = _page(browser, live_server, consultant, width)
        page.goto(f"{live_server.url}/overstappen/protocol/")
        page.get_by_text("Datum wijzigen").click()
        page.locator(f"#id_datum-{item.pk}-due_on").fill("2027-03-12")
        _checked(page, axe, f"protocol-{width}")
        page.get_by_role("button", name="Datum opslaan").click()
        assert "De datum is gewijzigd." in page.inner_text("main")
        assert "12 maart 2027" in page.inner_text("main")
        page.context.close()
