"""The student's doorstroomdossier in a real browser: from the family home to part A and signing, with the keyboard,
axe-core clean, on a desktop and on a 320 px phone without sideways scrolling."""

import pytest
from playwright.sync_api import expect

from overstap.doorstroom import services
from overstap.doorstroom.models import Doorstroomdossier, Status
from overstap.testing.browser import assert_fits, check_page, signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_student_writes_part_a_and_signs_with_the_keyboard(browser, live_server, axe, school_world_live):
    w = school_world_live
    dossier = services.start(w["noor_self"], w["noor"])
    page = signed_in_page(browser, live_server, w["noor_self"])
    page.goto(f"{live_server.url}/")
    ask = page.get_by_role("link", name="Schrijf deel A van je doorstroomdossier")
    expect(ask).to_be_visible()
    ask.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/doorstroom/{dossier.pk}/")
    expect(page.get_by_role("heading", name="Je doorstroomdossier", level=1)).to_be_visible()
    expect(page.get_by_test_id("doorstroom-state")).to_contain_text("Klaar vóór 1 april")
    check_page(page, axe, "doorstroom-student-start", first_screen=True)

    page.get_by_role("link", name="Deel A schrijven").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Studiekeuze").fill("Pedagogisch medewerker kinderopvang, niveau 3.")
    page.get_by_label("Waar ik goed in ben").fill("Ik ben geduldig.")
    page.get_by_label("Wat ik nodig heb op mijn nieuwe school").fill("Extra tijd bij toetsen.")
    page.get_by_label("Wat mij helpt").fill("Een vaste plek in de klas.")
    check_page(page, axe, "doorstroom-student-part-a")
    page.get_by_role("button", name="Opslaan").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Opgeslagen.")).to_be_visible()
    expect(page.get_by_test_id("doorstroom-state")).to_contain_text("Je mentor of decaan schrijft deel B")

    # The decaan writes the advice; the student reads it and signs, sharing both parts.
    dossier.refresh_from_db()
    services.save_part_b(w["decaan"].user, dossier, expected_version=dossier.version, advice="Past goed bij Noor.")
    page.reload()
    expect(page.get_by_text("Past goed bij Noor.")).to_be_visible()
    both = page.get_by_label("Deel A en deel B")
    both.focus()
    page.keyboard.press("Space")
    expect(both).to_be_checked()
    page.get_by_role("button", name="Ondertekenen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Het is klaar en gaat mee met je overstap")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Klaar")
    assert Doorstroomdossier.objects.get(pk=dossier.pk).status == Status.READY
    check_page(page, axe, "doorstroom-student-ready")

    phone = signed_in_page(browser, live_server, w["noor_self"], width=320)
    phone.goto(f"{live_server.url}/doorstroom/{dossier.pk}/")
    expect(phone.get_by_role("heading", name="Je doorstroomdossier", level=1)).to_be_visible()
    check_page(phone, axe, "doorstroom-student-phone")
    assert_fits(phone, 320)
    phone.goto(f"{live_server.url}/doorstroom/{dossier.pk}/deel-a/")
    check_page(phone, axe, "doorstroom-student-part-a-phone")
    phone.goto(f"{live_server.url}/")
    check_page(phone, axe, "doorstroom-student-home-phone")
    phone.close()


def test_the_parent_agrees_on_a_phone_and_the_new_school_reads_what_was_released(
    browser, live_server, axe, school_world_live
):
    from overstap.transitions.tests.conftest import send
    from overstap.transitions.workflow import open_case

    w = school_world_live
    tess = services.start(w["tess_self"], w["tess"])
    tess = services.save_part_a(
        w["tess_self"], tess, expected_version=tess.version, study_choice="Kapper.", support_needs="Rust in de klas."
    )
    # The decaan writes the advice on a desktop.
    page = signed_in_page(browser, live_server, w["decaan"])
    page.goto(f"{live_server.url}/doorstroom/{tess.pk}/")
    expect(page.get_by_role("heading", name="Doorstroomdossier van Tess Jansen", level=1)).to_be_visible()
    page.get_by_role("link", name="Advies schrijven").click()
    page.get_by_label("Advies van de school").fill("Kapper past goed bij Tess; eerst een snuffelstage.")
    check_page(page, axe, "doorstroom-decaan-part-b")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Opgeslagen.")).to_be_visible()
    check_page(page, axe, "doorstroom-decaan-detail")
    tess.refresh_from_db()
    # The sending school sees on the move that the dossier is not ready yet, and what is missing.
    case = open_case(w["zorg"].user, w["tess"], w["roc"])
    sender = signed_in_page(browser, live_server, w["zorg"])
    sender.goto(f"{live_server.url}/overstappen/{case.pk}/")
    expect(sender.get_by_test_id("doorstroom-case")).to_contain_text("Niet klaar")
    expect(sender.get_by_test_id("doorstroom-case")).to_contain_text("De leerling ondertekent")
    check_page(sender, axe, "doorstroom-case-panel")
    sender.goto(f"{live_server.url}/leerlingen/{w['tess'].pk}/")
    expect(sender.get_by_test_id("doorstroom-panel")).to_contain_text("Wordt geschreven")
    check_page(sender, axe, "doorstroom-pupil-panel")
    services.sign(w["tess_self"], tess, expected_version=tess.version, released="a")

    # Her mother agrees on her phone, with the keyboard, from the ask on her home page.
    phone = signed_in_page(browser, live_server, w["tess_mother"], width=320)
    phone.goto(f"{live_server.url}/")
    ask = phone.get_by_role("link", name="Geef akkoord op het doorstroomdossier van Tess")
    ask.focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_test_id("agree")).to_be_visible()
    check_page(phone, axe, "doorstroom-parent-agree-phone")
    phone.get_by_role("button", name="Ik geef akkoord").focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_text("U hebt akkoord gegeven")).to_be_visible()
    expect(phone.get_by_test_id("status")).to_have_text("Klaar")
    assert_fits(phone, 320)
    phone.close()

    # The move to the ROC is sent: the ROC reads part A, which Tess released, and not the advice.
    case = send({"ib": w["zorg"], "case": case})
    roc = signed_in_page(browser, live_server, w["roc_zorg"])
    roc.goto(f"{live_server.url}/overstappen/{case.pk}/overdracht/")
    section = roc.get_by_test_id("handover-doorstroom")
    expect(section).to_contain_text("Rust in de klas.")
    expect(section).not_to_contain_text("snuffelstage")
    check_page(roc, axe, "doorstroom-handover-receiver")
