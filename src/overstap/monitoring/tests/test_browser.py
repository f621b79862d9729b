"""Signals in a real browser: leerplicht logs in, finds the pupil without a place on the home page, follows the
signal to its page, records a contact, takes it on and closes it, by keyboard; an IB'er sees the signal about the
unopened handover on the home page of the receiving school. Each page passes axe-core and fits a 320 px screen."""

import datetime

import pytest
from playwright.sync_api import expect

from overstap.monitoring import engine
from overstap.monitoring.models import Signal, SignalKind, SignalStatus
from overstap.testing.browser import check_page, signed_in_page
from overstap.transitions.models import Status
from overstap.transitions.workflow import change_status, open_case

from .conftest import TODAY

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


_window = signed_in_page


def _check(page, axe, name):
    check_page(page, axe, f"signals-{name}")


@pytest.mark.parametrize("width", [1280, 320])
def test_leerplicht_follows_a_signal_from_the_home_page_and_handles_it(browser, live_server, axe, town, width):
    case = open_case(town["ib"].user, town["pupil"], town["vo"])
    change_status(town["ib"].user, case, Status.GEEN_PLEK)
    signal = Signal.objects.get(kind=SignalKind.GEEN_PLEK)
    assert signal.owner_role == "leerplicht"

    page = _window(browser, live_server, town["leerplicht"], width)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Mijn open signalen")).to_be_visible()
    _check(page, axe, f"leerplicht-home-{width}")
    page.get_by_role("link", name=f"Geen plek · {town['pupil'].full_name}").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(town["pupil"].full_name)
    _check(page, axe, f"leerplicht-signal-{width}")

    # Record a contact with the keyboard, then take the signal on and close it.
    page.get_by_label("Wat is er gedaan").focus()
    page.keyboard.type("Moeder gebeld; gesprek op school gepland.")
    page.get_by_role("button", name="Vastleggen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Moeder gebeld; gesprek op school gepland.")).to_be_visible()
    page.get_by_role("button", name="Oppakken").click()
    expect(page.get_by_text("In behandeling").first).to_be_visible()
    page.get_by_label("Wat is er gedaan").fill("Leerling heeft een plek op De Brug.")
    page.get_by_role("button", name="Afhandelen").click()
    # The confirmation page shows the note; only its button closes the signal.
    expect(page.get_by_role("heading", name="Dit signaal afhandelen?")).to_be_visible()
    _check(page, axe, f"leerplicht-confirm-close-{width}")
    page.get_by_role("button", name="Signaal afhandelen").click()
    expect(page.get_by_text("Het signaal is afgehandeld.")).to_be_visible()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.AFGEHANDELD
    assert [event.note for event in signal.events.exclude(note="")][-1] == "Leerling heeft een plek op De Brug."
    _check(page, axe, f"leerplicht-handled-{width}")


def test_the_receiving_school_sees_the_unopened_handover_on_its_home_page(browser, live_server, axe, world):
    from .conftest import send

    case = open_case(
        world["ib"].user, world["pupil"], world["vo"], planned_on=TODAY + datetime.timedelta(days=10), programme="lwoo"
    )
    send({**world, "case": case})
    engine.run_all(TODAY)
    page = _window(browser, live_server, world["vo_ib"], 320)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Mijn open signalen")).to_be_visible()
    _check(page, axe, "receiver-home-320")
    page.get_by_role("link", name="Alle signalen").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _check(page, axe, "receiver-worklist-320")
    # The care coordinator opens the signal, says what was done and closes it.
    signal = Signal.objects.get(kind=SignalKind.NIET_GEOPEND)
    page.goto(live_server.url + signal.get_absolute_url())
    _check(page, axe, "receiver-signal-320")
    page.get_by_label("Wat is er gedaan").fill("Overdracht vandaag met de mentor doorgenomen.")
    page.get_by_role("button", name="Afhandelen").click()
    page.get_by_role("button", name="Signaal afhandelen").click()
    expect(page.get_by_text("Het signaal is afgehandeld.")).to_be_visible()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.AFGEHANDELD


def test_the_swv_consultant_takes_on_a_tlv_that_ends_soon(browser, live_server, axe, town):
    from .conftest import tlv

    tlv(town["pupil"], town["school"], town["swv"], end=TODAY + datetime.timedelta(days=60))
    engine.run_all(TODAY)
    signal = Signal.objects.get(kind=SignalKind.TLV_EINDIGT)
    page = _window(browser, live_server, town["consultant"], 1280)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Mijn open signalen")).to_be_visible()
    page.get_by_role("link", name=f"{SignalKind.TLV_EINDIGT.label} · {town['pupil'].full_name}").first.click()
    _check(page, axe, "swv-signal")
    page.get_by_label("Wat is er gedaan").fill("School gebeld: verlenging wordt aangevraagd.")
    page.get_by_role("button", name="Oppakken").click()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.IN_BEHANDELING
