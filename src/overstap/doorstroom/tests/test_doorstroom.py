"""The student's doorstroomdossier: the student writes part A and signs, the school writes part B, a change after
signing takes the signature away, under 16 a parent agrees; only the right people see it, a stale save is refused
without losing anything, and only what the student released goes with the handover."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from pypdf import PdfReader

from overstap.audit.models import Action, AuditEvent
from overstap.doorstroom import services
from overstap.doorstroom.deadlines import deadline
from overstap.doorstroom.models import Doorstroomdossier, Released, Route, Status
from overstap.doorstroom.selectors import released_content
from overstap.pupils.models import Enrolment
from overstap.testing.factories import EnrolmentFactory, log_in
from overstap.transitions.handover import build_content, handover_or_blank
from overstap.transitions.tests.conftest import send
from overstap.transitions.workflow import open_case

pytestmark = pytest.mark.django_db
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)

PART_A = {
    "study_choice": "Pedagogisch medewerker, niveau 3.",
    "strengths": "Geduldig met kinderen.",
    "support_needs": "Extra tijd bij toetsen.",
    "what_helps": "Een vaste plek in de klas.",
}
ADVICE = "Wij adviseren niveau 3 met een coach in de eerste periode."


def _written(w, student="noor"):
    user = w[f"{student}_self"]
    dossier = services.start(user, w[student])
    dossier = services.save_part_a(user, dossier, expected_version=dossier.version, **PART_A)
    return services.save_part_b(w["decaan"].user, dossier, expected_version=dossier.version, advice=ADVICE)


def test_the_student_starts_writes_and_signs_and_it_is_ready(school_world):
    w = school_world
    dossier = _written(w)
    assert dossier.school == w["college"] and dossier.route == Route.VO_MBO and dossier.status == Status.WRITING
    dossier = services.sign(w["noor_self"], dossier, expected_version=dossier.version, released=Released.BOTH)
    assert dossier.status == Status.READY
    assert dossier.signed_by_name == str(w["noor_self"]) and dossier.signed_at is not None
    changes = AuditEvent.objects.filter(action=Action.STATUS_CHANGE, object_id=str(dossier.pk))
    assert [e.detail["to"] for e in changes] == [Status.READY]
    # Ready before 1 April of the school year it is written in.
    assert deadline(Route.VO_MBO, dossier.school_year).strftime("%m-%d") == "04-01"
    assert deadline(Route.VO_MBO, dossier.school_year).year == int(dossier.school_year[5:])


def test_a_change_after_signing_takes_the_signature_away(school_world):
    w = school_world
    dossier = _written(w)
    dossier = services.sign(w["noor_self"], dossier, expected_version=dossier.version, released=Released.A)
    assert dossier.status == Status.READY
    # The decaan sharpens the advice: the student signed another text, so she signs again.
    dossier = services.save_part_b(
        w["decaan"].user, dossier, expected_version=dossier.version, advice=ADVICE + " Met stage."
    )
    assert dossier.status == Status.WRITING and dossier.signed_at is None and dossier.signed_by_name == ""
    dossier = services.sign(w["noor_self"], dossier, expected_version=dossier.version, released=Released.A)
    data = {**PART_A, "what_helps": "Rust."}
    dossier = services.save_part_a(w["noor_self"], dossier, expected_version=dossier.version, **data)
    assert dossier.status == Status.WRITING and dossier.signed_at is None
    # Saving the same text again is no change and leaves a signature alone.
    dossier = services.sign(w["noor_self"], dossier, expected_version=dossier.version, released=Released.A)
    dossier = services.save_part_a(w["noor_self"], dossier, expected_version=dossier.version, **data)
    assert dossier.status == Status.READY


def test_under_16_a_parent_agrees_before_it_is_ready(school_world):
    w = school_world
    dossier = _written(w, "tess")
    dossier = services.sign(w["tess_self"], dossier, expected_version=dossier.version, released=Released.BOTH)
    assert dossier.status == Status.WAITING_FOR_PARENT
    assert released_content(w["tess"].pk, Route.VO_MBO) is None  # not ready: nothing goes yet
    # Neither the student, nor a carer without parental authority, nor the school agrees in the parent's place.
    for user in (w["tess_self"], w["tess_carer"], w["mentor"].user):
        with pytest.raises(PermissionDenied):
            services.agree(user, dossier, expected_version=dossier.version)
    dossier = services.agree(w["tess_mother"], dossier, expected_version=dossier.version)
    assert dossier.status == Status.READY and dossier.parent_agreed_by_name == str(w["tess_mother"])
    # A change afterwards takes the signature and the agreement away.
    dossier = services.save_part_b(w["mentor"].user, dossier, expected_version=dossier.version, advice="Anders.")
    assert dossier.status == Status.WRITING and dossier.parent_agreed_at is None


def test_only_the_student_writes_part_a_and_signs_and_only_the_school_writes_part_b(school_world):
    w = school_world
    dossier = services.start(w["mentor"].user, w["noor"])  # the mentor may start it for her
    for user in (w["mentor"].user, w["decaan"].user, w["tess_self"]):
        with pytest.raises(PermissionDenied):
            services.save_part_a(user, dossier, expected_version=dossier.version, **PART_A)
        with pytest.raises(PermissionDenied):
            services.sign(user, dossier, expected_version=dossier.version, released=Released.A)
    for user in (w["noor_self"], w["other_decaan"].user, w["roc_zorg"].user):
        with pytest.raises(PermissionDenied):
            services.save_part_b(user, dossier, expected_version=dossier.version, advice=ADVICE)
    # Mentor, decaan and care coordinator of her own school each may write the advice.
    for key in ("mentor", "zorg"):
        dossier = services.save_part_b(w[key].user, dossier, expected_version=dossier.version, advice=f"{ADVICE} {key}")
    assert dossier.advice_by_name == str(w["zorg"].user)


def test_someone_at_another_school_or_the_receiving_school_gets_404(client, school_world):
    w = school_world
    dossier = _written(w)
    urls = [f"/doorstroom/{dossier.pk}/", f"/doorstroom/{dossier.pk}/deel-b/", f"/doorstroom/leerling/{w['noor'].pk}/"]
    for membership in (w["other_decaan"], w["roc_zorg"]):
        log_in(client, membership.user, membership)
        for url in urls:
            assert client.get(url).status_code == 404, (membership.organisation, url)
    log_in(client, w["tess_mother"])  # another family
    assert client.get(urls[0]).status_code == 404
    log_in(client, w["decaan"].user, w["decaan"])
    page = client.get(urls[0])
    assert page.status_code == 200 and ADVICE in page.content.decode()
    assert AuditEvent.objects.filter(action=Action.READ, object_id=str(dossier.pk), actor_id=w["decaan"].user.pk)


def test_a_stale_save_is_refused_and_nothing_is_lost(client, school_world):
    w = school_world
    dossier = services.start(w["noor_self"], w["noor"])
    opened = dossier.version
    services.save_part_b(w["decaan"].user, dossier, expected_version=opened, advice="Eerste advies.")
    # The mentor opened the form before the decaan saved: the mentor's save is refused, the decaan's text stays.
    with pytest.raises(services.EditConflict) as conflict:
        services.save_part_b(w["mentor"].user, dossier, expected_version=opened, advice="Tweede advies.")
    assert conflict.value.current.advice == "Eerste advies."
    # Through the page: a 409 with the mentor's own text still in the form and the newest version beside it.
    log_in(client, w["mentor"].user, w["mentor"])
    data = {"advice": "Tweede advies.", "version": opened}
    response = client.post(f"/doorstroom/{dossier.pk}/deel-b/", data, HTTP_ACCEPT_LANGUAGE="nl")
    page = response.content.decode()
    assert response.status_code == 409
    assert "Tweede advies." in page and "Eerste advies." in page and "terwijl u" in page
    assert Doorstroomdossier.objects.get(pk=dossier.pk).advice == "Eerste advies."
    # Signing a version the student did not see is refused as well.
    with pytest.raises(services.EditConflict):
        services.sign(w["noor_self"], dossier, expected_version=opened, released=Released.A)


def test_signing_names_what_is_missing_in_dutch(school_world):
    w = school_world
    dossier = services.start(w["noor_self"], w["noor"])
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.sign(w["noor_self"], dossier, expected_version=dossier.version, released=Released.BOTH)
    messages = error.value.message_dict
    assert messages["study_choice"][0].startswith("Studiekeuze:")
    assert messages["support_needs"][0].startswith("Wat ik nodig heb op mijn nieuwe school:")
    assert messages["released"][0].startswith("De nieuwe school mag lezen:")  # part B has no advice yet
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.save_part_b(w["decaan"].user, dossier, expected_version=dossier.version, advice="  ")
    assert error.value.message_dict["advice"][0].startswith("Advies van de school:")
    assert Doorstroomdossier.objects.get(pk=dossier.pk).status == Status.WRITING


def _sent_case(w, released):
    dossier = _written(w)
    services.sign(w["noor_self"], dossier, expected_version=dossier.version, released=released)
    case = open_case(w["zorg"].user, w["noor"], w["roc"])
    assert case.code == "VO-MBO"
    return send({"ib": w["zorg"], "case": case})


def test_only_the_released_parts_of_a_ready_dossier_go_with_the_handover(client, school_world):
    w = school_world
    case = _sent_case(w, Released.A)
    content = handover_or_blank(case).content["doorstroomdossier"]
    assert content["part_a"]["study_choice"] == PART_A["study_choice"] and "part_b" not in content
    # The receiving school reads it on the handover page, without the advice the student kept back.
    log_in(client, w["roc_zorg"].user, w["roc_zorg"])
    page = client.get(f"/overstappen/{case.pk}/overdracht/").content.decode()
    assert PART_A["support_needs"] in page and ADVICE not in page
    pdf = client.get(f"/overstappen/{case.pk}/overdracht.pdf", HTTP_ACCEPT_LANGUAGE="nl")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Doorstroomdossier van de leerling" in text and PART_A["support_needs"] in text
    assert ADVICE not in text and "deelt het advies van de school (deel B) niet" in text
    # ... and never the dossier itself.
    dossier = Doorstroomdossier.objects.get(pupil=w["noor"])
    assert client.get(f"/doorstroom/{dossier.pk}/").status_code == 404


def test_part_b_only_and_a_dossier_not_ready_is_not_sent(school_world):
    w = school_world
    dossier = _written(w)
    case = open_case(w["zorg"].user, w["noor"], w["roc"])
    assert build_content(case, handover_or_blank(case) or case.handovers.model(case=case))["doorstroomdossier"] is None
    dossier = services.sign(w["noor_self"], dossier, expected_version=dossier.version, released=Released.B)
    content = released_content(w["noor"].pk, Route.VO_MBO)
    assert content["part_b"]["advice"] == ADVICE and "part_a" not in content


def test_the_sending_school_sees_on_the_case_whether_it_is_ready(client, school_world):
    w = school_world
    dossier = _written(w)
    case = open_case(w["zorg"].user, w["noor"], w["roc"])
    log_in(client, w["zorg"].user, w["zorg"])
    with translation.override("nl"):
        page = client.get(f"/overstappen/{case.pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert 'data-testid="doorstroom-case"' in page and "Niet klaar" in page
    services.sign(w["noor_self"], dossier, expected_version=dossier.version, released=Released.BOTH)
    page = client.get(f"/overstappen/{case.pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Niet klaar" not in page and "Klaar" in page


def test_the_family_home_asks_the_student_and_the_parent(client, school_world):
    w = school_world
    dossier = services.start(w["tess_self"], w["tess"])
    log_in(client, w["tess_self"])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Schrijf deel A van je doorstroomdossier" in page and "1 april" in page
    dossier = _written(w, "tess")
    services.sign(w["tess_self"], dossier, expected_version=dossier.version, released=Released.BOTH)
    log_in(client, w["tess_mother"])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Geef akkoord op het doorstroomdossier van Tess" in page
    detail = client.get(f"/doorstroom/{dossier.pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert 'data-testid="agree"' in detail and PART_A["support_needs"] in detail
    # A carer without parental authority sees none of it.
    log_in(client, w["tess_carer"])
    assert "doorstroomdossier" not in client.get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode().lower()
    assert client.get(f"/doorstroom/{dossier.pk}/").status_code == 404


def test_the_pupil_page_shows_the_school_where_the_dossier_stands(client, school_world):
    w = school_world
    log_in(client, w["mentor"].user, w["mentor"])
    page = client.get(f"/leerlingen/{w['tess'].pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Doorstroomdossier beginnen" in page  # none yet: the mentor may start it
    assert client.post(f"/doorstroom/leerling/{w['tess'].pk}/starten/").status_code == 302
    dossier = Doorstroomdossier.objects.get(pupil=w["tess"])
    assert dossier.school == w["college"] and dossier.status == Status.WRITING
    page = client.get(f"/leerlingen/{w['tess'].pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert 'data-testid="doorstroom-panel"' in page and "De leerling schrijft deel A" in page
    # Another school's decaan does not see the pupil's page part, nor can start one there.
    log_in(client, w["other_decaan"].user, w["other_decaan"])
    assert client.post(f"/doorstroom/leerling/{w['tess'].pk}/starten/").status_code == 404
    assert Doorstroomdossier.objects.filter(pupil=w["tess"]).count() == 1


def test_a_student_who_changes_school_takes_the_dossier_along(client, school_world):
    w = school_world
    dossier = _written(w)
    Enrolment.objects.filter(pupil=w["noor"], organisation=w["college"]).update(end_date=YESTERDAY)
    EnrolmentFactory(pupil=w["noor"], organisation=w["other"], start_date=YESTERDAY)
    # The old school no longer sees it; the new school's decaan carries it on, with what the student wrote.
    log_in(client, w["decaan"].user, w["decaan"])
    assert client.get(f"/doorstroom/{dossier.pk}/").status_code == 404
    moved = services.start(w["other_decaan"].user, w["noor"])
    assert moved.pk == dossier.pk and moved.school == w["other"] and moved.study_choice == PART_A["study_choice"]
    log_in(client, w["other_decaan"].user, w["other_decaan"])
    assert client.get(f"/doorstroom/{dossier.pk}/").status_code == 200


def test_a_student_in_the_last_years_is_invited_to_start_one(client, school_world):
    w = school_world
    log_in(client, w["noor_self"])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Over je doorstroomdossier" in page
    start = client.get(f"/doorstroom/leerling/{w['noor'].pk}/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Begin je doorstroomdossier" in start
    assert client.post(f"/doorstroom/leerling/{w['noor'].pk}/starten/").status_code == 302
    assert Doorstroomdossier.objects.get(pupil=w["noor"]).school == w["college"]
    # Younger (Tess is 14), or once the student has left secondary school, no invitation.
    log_in(client, w["tess_self"])
    assert "Over je doorstroomdossier" not in client.get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    Enrolment.objects.filter(pupil=w["noor"]).update(end_date=YESTERDAY)
    Doorstroomdossier.objects.filter(pupil=w["noor"]).delete()
    log_in(client, w["noor_self"])
    assert "Over je doorstroomdossier" not in client.get("/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()


def test_at_an_mbo_school_it_is_the_route_to_higher_education_with_its_own_date(school_world, settings):
    w = school_world
    EnrolmentFactory(pupil=w["noor"], organisation=w["roc"], start_date=YESTERDAY)
    Enrolment.objects.filter(pupil=w["noor"], organisation=w["college"]).update(end_date=YESTERDAY)
    dossier = services.start(w["noor_self"], w["noor"])
    assert dossier.school == w["roc"] and dossier.route == Route.MBO_HBO
    assert deadline(Route.MBO_HBO, dossier.school_year).strftime("%m-%d") == "05-01"
    settings.OVERSTAP_DOORSTROOM_DEADLINES = {**settings.OVERSTAP_DOORSTROOM_DEADLINES, "MBO-HBO": "04-15"}
    assert deadline(Route.MBO_HBO, dossier.school_year).strftime("%m-%d") == "04-15"
