"""The matrix in a real browser: every arrow opens its guidance, the keyboard alone is enough, and axe-core
finds no serious or critical accessibility problem."""

import os

import pytest
from playwright.sync_api import expect

from conftest import SCREENSHOT_DIR
from overstap.matrix.loader import get_matrix
from overstap.matrix.schema import TRANSITION_CODES
from overstap.testing.browser import keep_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clicking_every_arrow_shows_its_guidance_beside_the_matrix(page, live_server):
    matrix = get_matrix()
    page.goto(f"{live_server.url}/matrix/")
    for code in TRANSITION_CODES:
        page.locator(f'.ovs-matrix a.ovs-arrow[data-code="{code}"]').click()
        page.locator(f'#begeleiding .ovs-panel[data-code="{code}"]').wait_for()
        heading = page.locator("#begeleiding #guide-title")
        assert heading.inner_text() == matrix.transition(code).name.nl
        assert page.url.endswith(f"/matrix/{code}/"), "the address follows the choice"
        assert page.locator(f'.ovs-matrix a[data-code="{code}"]').get_attribute("aria-current") == "page"
        # The matrix is still there: the guidance opened beside it, not instead of it.
        assert page.locator(".ovs-matrix a.ovs-arrow").count() == len(TRANSITION_CODES)


def test_an_ib_er_finds_po_vo_guidance_in_two_clicks_from_the_home_page(page, live_server):
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overstapmatrix").click()
    page.get_by_role("link", name="PO-VO").click()
    page.locator('#begeleiding .ovs-panel[data-code="PO-VO"]').wait_for()
    assert page.locator("#guide-title").inner_text() == get_matrix().transition("PO-VO").name.nl
    assert page.get_by_role("heading", name="Wat gaat er mee").is_visible()


def test_the_matrix_can_be_walked_with_the_keyboard_alone(page, live_server):
    page.goto(f"{live_server.url}/matrix/")
    # The skip link is the first stop and jumps to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Naar de inhoud"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"

    reached: list[str] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        code = page.evaluate("document.activeElement.closest('.ovs-matrix') && document.activeElement.dataset.code")
        if code and code not in reached:
            reached.append(code)
        if set(TRANSITION_CODES) <= set(reached):
            break
    assert set(TRANSITION_CODES) <= set(reached), f"not reachable by Tab: {set(TRANSITION_CODES) - set(reached)}"
    # Column by column: pre-school before primary before secondary before MBO.
    assert reached.index("VVE-PO") < reached.index("PO-VO") < reached.index("VO-MBO") < reached.index("EXIT-WORK")

    # Back to an arrow with Shift+Tab, open it with Enter; focus lands on the guidance heading.
    while page.evaluate("document.activeElement.dataset.code") != "VO-MBO":
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator('#begeleiding .ovs-panel[data-code="VO-MBO"] #guide-title')).to_be_focused()
    assert page.locator("#guide-title").inner_text() == get_matrix().transition("VO-MBO").name.nl


def test_a_glossary_term_explains_itself_on_keyboard_focus(page, live_server):
    page.goto(f"{live_server.url}/matrix/PO-VO/")
    term = page.locator("#begeleiding .ovs-term__link").first
    tip = page.locator("#begeleiding .ovs-term__tip").first
    assert not tip.is_visible()
    term.focus()
    assert tip.is_visible()
    page.keyboard.press("Escape")
    assert not tip.is_visible()


def test_a_transition_page_works_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_server.url}/matrix/")
    page.locator('.ovs-matrix a[data-code="PO-SO"]').click()
    assert page.url.endswith("/matrix/PO-SO/")
    assert page.locator("#guide-title").inner_text() == get_matrix().transition("PO-SO").name.nl
    context.close()


@pytest.mark.parametrize("path", ["/matrix/", "/matrix/PO-VO/", "/matrix/begrippen/", "/"])
def test_no_serious_or_critical_accessibility_violations(page, live_server, axe, path):
    page.goto(f"{live_server.url}{path}")
    violations = axe(page)
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(f"{v['id']}: {v['help']} ({len(v['nodes'])}x)" for v in serious)


def test_a_transition_prints_on_a4_without_the_matrix(page, live_server, tmp_path):
    page.goto(f"{live_server.url}/matrix/VO-MBO/")
    page.emulate_media(media="print")
    assert not page.locator(".ovs-matrix").is_visible()
    assert not page.locator(".ovs-header").is_visible()
    assert page.locator("#guide-title").is_visible()
    pdf = page.pdf(format="A4", path=str(tmp_path / "vo-mbo.pdf"))
    assert pdf[:4] == b"%PDF"


def test_on_a_phone_the_matrix_fits_the_screen_and_every_arrow_can_be_tapped(browser, live_server):
    context = browser.new_context(
        locale="nl-NL", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/matrix/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling"
    for code in TRANSITION_CODES:
        assert page.locator(f'.ovs-matrix a[data-code="{code}"]').is_visible()
    page.locator('.ovs-matrix a[data-code="VO-VSO"]').tap()
    page.locator('#begeleiding .ovs-panel[data-code="VO-VSO"]').wait_for()
    expect(page.locator("#guide-title")).to_be_in_viewport()
    if os.environ.get("OVERSTAP_KEEP_SCREENSHOTS"):
        page.screenshot(path=str(SCREENSHOT_DIR / "phone-vo-vso.png"), full_page=False)
    context.close()


# Each word of the matrix (split at spaces and hyphens) must lie on one line: a word cut in two is unreadable.
CUT_WORDS = """() => {
    const cut = [];
    document.querySelectorAll('.ovs-matrix a, .ovs-matrix li li, .ovs-matrix h2').forEach(element => {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.parentElement.closest('.ovs-visually-hidden')) continue;
            const pattern = /[^\\s\\-]+/g;
            for (let match = pattern.exec(node.data); match; match = pattern.exec(node.data)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
                const box = element.getBoundingClientRect(), word = range.getBoundingClientRect();
                const cell = element.closest('.ovs-matrix__grid > li').getBoundingClientRect();
                const outside = word.right > Math.min(box.right, cell.right) + 1 || word.left < box.left - 1;
                if (lines.size > 1 || outside) cut.push(match[0]);
            }
        }
    });
    return cut;
}"""


@pytest.mark.parametrize("width", [320, 390, 768, 1024, 1280, 1600, 1920])
def test_the_matrix_shows_whole_words_at_every_width(browser, live_server, width):
    context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/matrix/")
    assert page.evaluate(CUT_WORDS) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    keep_screenshot(page, f"matrix-{width}", first_screen=True)
    context.close()


def test_on_a_phone_a_link_above_the_matrix_leads_to_its_guidance(browser, live_server):
    context = browser.new_context(locale="nl-NL", viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server.url}/matrix/")
    link = page.get_by_role("link", name="Naar de uitleg (onder de matrix)")
    expect(link).to_be_in_viewport()
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#begeleiding")).to_be_focused()
    expect(page.locator("#begeleiding")).to_be_in_viewport()
    context.close()
