"""Forms and WCAG 2.2 in a real browser: a refused form answers with the app's Dutch summary (never the browser's
own bubbles), focused, linking to each field, each message naming its field; a date that cannot be read comes back
as typed; the log-in code field has focus and takes a pasted code with its space; fields show a clear focus ring.
And what axe-core cannot judge: every control is at least 24 × 24 px, a focused element is never hidden under
something that sticks to the screen, and help (the glossary) is in the same place on every page."""

import datetime
import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from overstap.organisations.models import OrganisationType
from overstap.testing.browser import PHONE, check_page, signed_in_page
from overstap.testing.factories import EnrolmentFactory, MembershipFactory, OrganisationFactory, PupilFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Een-goed-wachtwoord-1"


@pytest.fixture
def school():
    school = OrganisationFactory(type=OrganisationType.BAO, name="Basisschool De Regenboog")
    college = OrganisationFactory(type=OrganisationType.VO, name="Lindendal College")
    pupil = PupilFactory(given_names="Sem", family_name="Jansen")
    EnrolmentFactory(pupil=pupil, organisation=school, group="groep 8")
    ib = MembershipFactory(organisation=school, role="ib")
    return {"ib": ib, "pupil": pupil, "college": college}


def _summary_links(page):
    return page.locator("#foutmeldingen a")


def test_a_refused_form_answers_with_the_apps_summary_naming_each_field(browser, live_server, axe, school):
    page = signed_in_page(browser, live_server, school["ib"])
    page.goto(f"{live_server.url}/overstappen/nieuw/{school['pupil'].pk}/")
    date_box = page.get_by_label("Geplande datum")
    expect(date_box).to_have_attribute("type", "text")
    expect(page.locator("#id_planned_on_helptext")).to_contain_text("Als dd-mm-jjjj, bijvoorbeeld 31-08-2026.")
    date_box.fill("31-02-2026")
    page.get_by_label("Reden voor een andere overstap").fill("x" * 301)
    page.get_by_role("button", name="Starten").click()

    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Geplande datum: vul een geldige datum in (dd-mm-jjjj).")
    expect(summary).to_contain_text("Reden voor een andere overstap: gebruik hoogstens 300 tekens (nu 301).")
    # The summary comes before the first field, and what was typed is still there to correct.
    assert summary.bounding_box()["y"] < page.get_by_label("Naar welke school").bounding_box()["y"]
    expect(date_box).to_have_value("31-02-2026")
    # A screen reader reads the field's own message with it, after the format hint.
    expect(date_box).to_have_attribute("aria-describedby", "id_planned_on_helptext id_planned_on_error")
    expect(date_box).to_have_attribute("aria-invalid", "true")
    check_page(page, axe, "forms-refused", first_screen=True)

    # Each line of the summary leads to its field.
    _summary_links(page).filter(has_text="Geplande datum").click()
    expect(date_box).to_be_focused()
    page.get_by_label("Reden voor een andere overstap").fill("")
    date_box.fill("1-9-2026")
    page.get_by_label("Naar welke school").select_option(label="Lindendal College")
    page.get_by_role("button", name="Starten").click()
    expect(page).to_have_url(re.compile(r"/overstappen/\d+/"))
    expect(page.locator("#foutmeldingen")).to_have_count(0)
    from overstap.transitions.models import TransitionCase

    assert TransitionCase.objects.get(pupil=school["pupil"]).planned_on == datetime.date(2026, 9, 1)
    page.context.close()


def test_a_required_field_left_empty_reaches_the_app_not_a_browser_bubble(browser, live_server, axe, school):
    from overstap.transitions.workflow import open_case

    case = open_case(school["ib"].user, school["pupil"], school["college"])
    page = signed_in_page(browser, live_server, school["ib"])
    page.goto(f"{live_server.url}/overstappen/{case.pk}/overleg/nieuw/")
    date_box = page.get_by_label("Datum", exact=True)
    expect(date_box).to_have_attribute("required", "")  # the browser would stop at this without novalidate
    page.locator("main form button[type=submit]").first.click()
    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Datum: dit veld is verplicht.")
    assert page.evaluate("document.activeElement.id") == "foutmeldingen"
    check_page(page, axe, "forms-required")
    page.context.close()


def test_fields_and_selects_show_a_clear_focus_ring(browser, live_server, school):
    page = signed_in_page(browser, live_server, school["ib"])
    page.goto(f"{live_server.url}/overstappen/nieuw/{school['pupil'].pk}/")
    for field in (page.get_by_label("Naar welke school"), page.get_by_label("Geplande datum")):
        field.focus()
        ring = field.evaluate(
            "el => { const s = getComputedStyle(el); "
            "return [s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow]; }"
        )
        assert ring[0] == "solid" and ring[1] >= 3, ring
        assert "255, 221, 0" in ring[2], ring  # the yellow halo around the dark outline
    page.context.close()


def _code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_the_code_field_has_focus_and_takes_a_pasted_code_with_its_space(browser, live_server, axe, school):
    user = school["ib"].user
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    context = browser.new_context(locale="nl-NL", viewport={"width": PHONE, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Volgende").click()
    page.wait_for_url("**/account/inloggen/code/**")
    code_box = page.get_by_label("Code", exact=True)
    expect(code_box).to_be_focused()
    check_page(page, axe, "forms-login-code")
    # Authenticator apps show and copy the code as "123 456".
    code = _code(device)
    page.evaluate("code => navigator.clipboard.writeText(code)", f"{code[:3]} {code[3:]}")
    page.keyboard.press("Control+V")
    expect(code_box).to_have_value(f"{code[:3]} {code[3:]}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    context.close()


def _pages(live_server, school):
    return [
        f"{live_server.url}/",
        f"{live_server.url}/matrix/begrippen/",
        f"{live_server.url}/leerlingen/",
        f"{live_server.url}/leerlingen/{school['pupil'].pk}/",
        f"{live_server.url}/overstappen/nieuw/{school['pupil'].pk}/",
    ]


# Controls that are not links in running text: these must be 24 × 24 px at least (WCAG 2.5.8).
CONTROLS = """() => [...document.querySelectorAll(
    'button, select, textarea, input:not([type=hidden]), .ovs-nav__link, .ovs-footer__links a, .ovs-brand')]
    .filter(el => el.offsetParent !== null)
    .map(el => { const r = el.getBoundingClientRect();
                 return {what: el.outerHTML.slice(0, 80), width: r.width, height: r.height}; })"""


@pytest.mark.parametrize("width", [1280, PHONE])
def test_every_control_is_big_enough_to_hit(browser, live_server, school, width):
    page = signed_in_page(browser, live_server, school["ib"], width=width)
    for url in _pages(live_server, school):
        page.goto(url)
        small = [c for c in page.evaluate(CONTROLS) if c["width"] < 24 or c["height"] < 24]
        assert small == [], url
    page.context.close()


# After each Tab: is the focused element on screen, and is what is drawn at its middle the element itself (not
# a header or banner stuck over it)? WCAG 2.4.11.
FOCUS_SEEN = """() => { const el = document.activeElement; if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect(); const x = r.left + Math.min(r.width / 2, 10), y = r.top + r.height / 2;
    const top = document.elementFromPoint(x, y);
    return {what: el.outerHTML.slice(0, 80), inView: r.bottom > 0 && r.top < innerHeight,
            visible: !!top && (el === top || el.contains(top) || top.contains(el))}; }"""


@pytest.mark.parametrize("width", [1280, PHONE])
def test_a_focused_element_is_never_hidden(browser, live_server, school, width):
    page = signed_in_page(browser, live_server, school["ib"], width=width)
    page.set_viewport_size({"width": width, "height": 500})  # short, so Tab has to scroll the page
    for url in (f"{live_server.url}/matrix/begrippen/", f"{live_server.url}/overstappen/nieuw/{school['pupil'].pk}/"):
        page.goto(url)
        seen = 0
        for _ in range(40):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS_SEEN)
            if focus is None:
                continue
            seen += 1
            assert focus["inView"] and focus["visible"], (url, focus)
        assert seen >= 20, url
    page.context.close()


FOOTER_HELP = """() => { const footer = document.querySelector('footer');
    const links = [...footer.querySelectorAll('a')].map(a => [a.textContent.trim(), new URL(a.href).pathname]);
    const after = footer.compareDocumentPosition(document.querySelector('main')) & Node.DOCUMENT_POSITION_PRECEDING;
    return {links, afterMain: !!after, last: footer === document.querySelector('.ovs-page').lastElementChild}; }"""


def test_help_is_in_the_same_place_on_every_page(browser, live_server, school):
    outside = browser.new_page(locale="nl-NL")
    outside.goto(f"{live_server.url}/account/inloggen/")
    expected = outside.evaluate(FOOTER_HELP)
    assert expected["links"][0] == ["Begrippen", "/matrix/begrippen/"]
    assert expected["afterMain"] and expected["last"]
    outside.close()
    page = signed_in_page(browser, live_server, school["ib"])
    for url in _pages(live_server, school):
        page.goto(url)
        assert page.evaluate(FOOTER_HELP) == expected, url
    page.context.close()
