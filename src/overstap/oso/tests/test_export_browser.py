"""The OSO download on the handover page in a real browser: reached by keyboard, fits 320 px, no axe findings."""

import os
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from overstap.organisations.models import OrganisationType as T
from overstap.oso import gegevensset
from overstap.testing.factories import log_in
from overstap.transitions.tests.conftest import world  # noqa: F401

from .test_export import SECTIONS, _sent

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not gegevensset.available(), reason="The OSO gegevensset is not installed: no OSO download."),
]


def test_the_handover_page_offers_the_oso_file(browser, live_server, axe, world):  # noqa: F811
    handover, ib, _zc = _sent(world, "PO-VO", T.BAO, T.VO, SECTIONS)
    client = log_in(Client(), ib)
    context = browser.new_context(locale="nl-NL")
    context.add_cookies(
        [{"name": "overstap_session", "value": client.cookies["overstap_session"].value, "url": live_server.url}]
    )
    page = context.new_page()
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/overstappen/{handover.case_id}/overdracht/")
        link = page.get_by_role("link", name="Downloaden als OSO-bestand (XML)")
        expect(link).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), width
        violations = [v["id"] for v in axe(page) if v["impact"] in ("serious", "critical")]
        assert not violations, violations
        if os.environ.get("OVERSTAP_KEEP_SCREENSHOTS"):
            folder = Path(os.environ.get("OVERSTAP_SCREENSHOTS", "var/screenshots"))
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / f"oso-handover-{width}.png"), full_page=True)
    for _ in range(60):  # by keyboard: the link takes focus and Enter downloads the file
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Downloaden als OSO-bestand (XML)":
            break
    else:
        pytest.fail("The OSO link is not reached by keyboard")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".xml")
    context.close()
