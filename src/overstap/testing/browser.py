"""What the browser tests share: a page signed in as one membership at a given width, and the checks every page
passes (axe-core finds nothing serious or critical, nothing scrolls sideways on a phone). Screenshots are kept only
when ``OVERSTAP_KEEP_SCREENSHOTS`` is set, in ``OVERSTAP_SCREENSHOTS`` (default ``var/screenshots``)."""

import os
from pathlib import Path

from django.test import Client

from overstap.accounts.models import User

from .factories import log_in

PHONE = 390  # the widest screen that must not scroll sideways (WCAG 1.4.10 reflow is tested at 320 and 390)


def signed_in_page(browser, live_server, membership, width=1280):
    """A new page in Dutch, signed in (password and second factor done) as this membership. Given a user instead
    (a parent or the pupil, who act without a membership), signed in as them; given None, a visitor's page."""
    context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})
    if membership is not None:
        user, acting = (membership, None) if isinstance(membership, User) else (membership.user, membership)
        client = log_in(Client(), user, acting)
        context.add_cookies(
            [{"name": "overstap_session", "value": client.cookies["overstap_session"].value, "url": live_server.url}]
        )
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def keep_screenshot(page, name: str, *, first_screen: bool = False) -> None:
    if not os.environ.get("OVERSTAP_KEEP_SCREENSHOTS"):
        return
    folder = Path(os.environ.get("OVERSTAP_SCREENSHOTS", "var/screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    if first_screen:  # what a reader takes in before scrolling
        page.screenshot(path=str(folder / f"{name}-first-screen.png"))


def assert_no_serious_violations(page, axe) -> None:
    violations = [v["id"] for v in axe(page) if v["impact"] in ("serious", "critical")]
    assert not violations, f"{page.url}: {violations}"


def assert_fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def check_page(page, axe, name: str, *, first_screen: bool = False) -> None:
    """axe-core clean, no sideways scrolling on a phone-sized screen, and the screenshot when asked for."""
    assert_no_serious_violations(page, axe)
    width = page.viewport_size["width"]
    if width <= PHONE:
        assert_fits(page, width)
    keep_screenshot(page, name, first_screen=first_screen)
