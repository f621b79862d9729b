"""Continuity across the seam in a real browser: the VO school's care coordinator reads the handover, starts its
own OPP from the one it received (with the keyboard), and finds the handover on the pupil page as an earlier
stage; axe-core finds nothing serious and the pupil page fits a phone."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from overstap.testing.browser import PHONE, check_page, signed_in_page
from overstap.testing.factories import EnrolmentFactory
from overstap.transitions.models import Handover

from .conftest import send
from .test_carry_on import prepared_move

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_receiving_school_carries_the_opp_on_and_sees_the_earlier_stage(browser, live_server, axe, world):
    move = prepared_move(world)
    case = send(move, ("opp", "arrangement"))
    desk = signed_in_page(browser, live_server, move["vo_ib"])
    desk.goto(f"{live_server.url}/overstappen/{case.pk}/overdracht/")
    expect(desk.get_by_role("heading", name="Ontwikkelingsperspectiefplan (OPP)")).to_be_visible()
    check_page(desk, axe, "carry-on-handover")
    desk.get_by_role("link", name="Begin een eigen OPP vanuit").click()

    received_on = timezone.localdate(Handover.objects.get(case=case).received_at)
    note = desk.get_by_role("note")
    expect(note).to_contain_text(f"Gebaseerd op het OPP van De Regenboog, ontvangen op {received_on.day}")
    expect(desk.get_by_label("Doel", exact=True).first).to_have_value("Breuken optellen")
    expect(desk.get_by_label("Eerste evaluatie")).not_to_have_value("")
    check_page(desk, axe, "carry-on-opp-form", first_screen=True)

    # Reviewed with the keyboard: the level is sharpened, then saved with Enter on the button.
    desk.get_by_label("Verwacht niveau").focus()
    desk.keyboard.press("End")
    desk.keyboard.type(" met LWOO")
    desk.get_by_role("button", name="Opslaan").focus()
    desk.keyboard.press("Enter")
    expect(desk.get_by_text("Het OPP van uw school is opgeslagen.")).to_be_visible()
    expect(desk.get_by_text("Gebaseerd op het OPP van De Regenboog")).to_be_visible()
    expect(desk.get_by_role("heading", name="vmbo-kader met LWOO")).to_be_visible()
    check_page(desk, axe, "carry-on-plans")

    # Once the pupil is enrolled, the pupil page shows the handover as an earlier stage, also on a phone.
    EnrolmentFactory(pupil=move["pupil"], organisation=move["vo"], start_date=timezone.localdate())
    phone = signed_in_page(browser, live_server, move["vo_ib"], width=PHONE)
    phone.goto(f"{live_server.url}/leerlingen/{move['pupil'].pk}/")
    stages = phone.get_by_role("region", name="Eerdere fasen: ontvangen overdrachten")
    expect(stages).to_contain_text("De Regenboog")
    expect(stages).to_contain_text("Wettelijke plicht")
    expect(stages).to_contain_text("Voortgezet door uw school:")
    stages.scroll_into_view_if_needed()
    check_page(phone, axe, "carry-on-pupil-timeline-phone")
    desk.context.close()
    phone.context.close()
