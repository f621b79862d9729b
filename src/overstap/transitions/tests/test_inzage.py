"""The family's inspection before sending (inzage): the family itself says it read the report, whether it agrees
and what it wants to add; opening the page is not that. The answer travels with the handover, in one section with
the views kept in the dossier, on the page and in the PDF, and the school sees it on the case."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from overstap.audit.models import Action, AuditEvent
from overstap.dossiers.models import Entry
from overstap.pupils.models import Relation
from overstap.testing.factories import FamilyLinkFactory, log_in
from overstap.transitions.handover import choose_categories, confirm_inzage, current_handover, record_inzage
from overstap.transitions.models import FamilyVerdict, Status
from overstap.transitions.workflow import change_status, open_case

from .conftest import release

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


@pytest.fixture
def move(world):
    case = open_case(world["ib"].user, world["pupil"], world["vo"], planned_on=_today() + datetime.timedelta(days=20))
    return {**world, "case": release({**world, "case": case})}


def _page(client, case) -> str:
    return client.get(f"/overstappen/{case.pk}/overdracht/").content.decode()


def test_opening_the_report_is_not_having_read_it(client, move):
    case = move["case"]
    log_in(client, move["parent"])
    page = _page(client, case)
    assert "Heeft baat bij een rekenmachine" in page and "Ik heb gelezen wat de school doorgeeft" in page
    handover = current_handover(case)
    assert handover.inzage_on is None and handover.family_verdict == ""
    # The school still waits for the family's answer before it may send.
    with pytest.raises(ValidationError) as error:
        change_status(move["ib"].user, case, Status.VERZONDEN)
    assert "de datum waarop de ouders het rapport lazen" in error.value.message_dict["status"][0]
    # ... and the family home still asks for it.
    home = client.get("/").content.decode()
    assert "zeg of u het ermee eens bent" in home


def test_the_family_says_it_read_it_agrees_or_not_and_gives_its_view(client, move):
    case = move["case"]
    log_in(client, move["parent"])
    url = f"/overstappen/{case.pk}/overdracht/"
    # Nothing ticked: each missing answer is named, nothing is stored.
    page = client.post(url, {"text": "Iets"}).content.decode()
    assert "Ik heb gelezen wat de school doorgeeft:" in page and "Bent u het ermee eens?:" in page
    assert current_handover(case).inzage_on is None
    # Not agreeing without saying what: the view is asked for.
    page = client.post(url, {"read": "on", "verdict": "oneens", "text": " "}).content.decode()
    assert "Uw mening: schrijf wat u anders ziet" in page
    assert current_handover(case).family_verdict == ""
    response = client.post(url, {"read": "on", "verdict": "oneens", "text": "Rekenen gaat thuis beter dan hier staat."})
    assert response.status_code == 302
    handover = current_handover(case)
    assert handover.inzage_on == _today() and handover.inzage_by_family and handover.family_verdict == "oneens"
    assert handover.family_view == "Rekenen gaat thuis beter dan hier staat."
    event = AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(case.pk)).latest("pk")
    assert event.detail["verdict"] == "oneens" and event.detail["family_view"] is True
    # The family may change its answer until the report goes; the home no longer asks, it says what was done.
    home = client.get("/").content.decode()
    assert "zeg of u het ermee eens bent" not in home and "Tot het verstuurd is kunt u uw antwoord nog" in home
    client.post(url, {"read": "on", "verdict": "eens", "text": ""})
    handover = current_handover(case)
    assert handover.family_verdict == "eens" and handover.family_view == "" and handover.family_view_recorded
    # Agreeing is enough for the school to send (the checklist and the rest being done).
    sent = change_status(move["ib"].user, case, Status.VERZONDEN)
    assert current_handover(sent).content["family_verdict"] == "eens"
    assert current_handover(sent).content["inzage_by_family"] is True
    # Once sent, the answer can no longer change.
    with pytest.raises((ValidationError, PermissionDenied)):
        confirm_inzage(move["parent"], sent, verdict="oneens", text="Te laat.")


def test_a_professional_and_a_parent_without_authority_cannot_answer(client, move):
    case = move["case"]
    with pytest.raises(PermissionDenied):
        confirm_inzage(move["ib"].user, case, verdict="eens")
    other = FamilyLinkFactory(pupil=move["pupil"], relation=Relation.PARENT, legal_representative=False).user
    with pytest.raises(PermissionDenied):
        confirm_inzage(other, case, verdict="eens")
    log_in(client, other)
    assert client.post(f"/overstappen/{case.pk}/overdracht/", {"read": "on", "verdict": "eens"}).status_code == 404
    assert current_handover(case).inzage_on is None


def test_a_new_selection_asks_the_family_again(move):
    case = move["case"]
    confirm_inzage(move["parent"], case, verdict="eens", text="Goed zo.")
    handover = current_handover(case)
    chosen = ["ondersteuningsbehoeften", "ontwikkeling"]
    choose_categories(move["ib"].user, case, chosen, expected_version=handover.version)
    handover = current_handover(case)
    assert handover.inzage_on is None and handover.family_verdict == "" and not handover.inzage_by_family
    assert handover.family_view == "Goed zo."  # their words stay, to send again


def test_the_school_records_a_reading_on_paper_with_the_answer(client, move):
    case = move["case"]
    log_in(client, move["ib"].user, move["ib"])
    response = client.post(
        f"/overstappen/{case.pk}/inzage/",
        {"inzage_on": _today().strftime("%d-%m-%Y"), "by_name": "Moeder", "verdict": "eens"},
    )
    assert response.status_code == 302
    handover = current_handover(case)
    assert handover.inzage_on == _today() and not handover.inzage_by_family and handover.family_verdict == "eens"
    page = client.get(f"/overstappen/{case.pk}/").content.decode()
    assert "vastgelegd door de school" in page and "Eens met het rapport" in page
    with pytest.raises(ValidationError) as error:
        record_inzage(move["ib"].user, case, _today(), by_name="Moeder", verdict="misschien")
    assert "Eens of niet" in error.value.message_dict["verdict"][0]


def test_the_familys_say_is_one_section_on_the_page_and_in_the_pdf(client, move):
    pupil = move["pupil"]
    Entry.objects.create(
        pupil=pupil,
        category="zienswijze",
        title="Gesprek met ouders",
        text="Ouders vinden dat Sem meer uitdaging nodig heeft.",
        organisation=move["school"],
        author_name="Juf Anna",
    )
    case = move["case"]
    chosen = ["ondersteuningsbehoeften", "zienswijze"]
    choose_categories(move["ib"].user, case, chosen, expected_version=current_handover(case).version)
    confirm_inzage(move["parent"], case, verdict="oneens", text="Sem heeft thuis minder moeite met rekenen.")
    sent = change_status(move["ib"].user, case, Status.VERZONDEN)
    log_in(client, move["vo_ib"].user, move["vo_ib"])
    page = _page(client, sent)
    assert page.count("Wat ouders en leerling zeggen") == 1
    assert 'id="sectie-zienswijze"' not in page  # no second section for the views
    say = page[page.index('data-testid="family-say"') :]
    assert "Niet eens met het rapport" in say and "minder moeite met rekenen" in say
    assert "meer uitdaging nodig" in say  # the dossier's views are in the same section
    assert "zei op" in say  # the family said itself that it read it
    pdf = client.get(f"/overstappen/{sent.pk}/overdracht.pdf").content
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert text.count("Wat ouders en leerling zeggen") == 1
    assert "Niet eens met het rapport" in text and "meer uitdaging nodig" in text
    assert text.index("Wat ouders en leerling zeggen") < text.index("meer uitdaging nodig")


def test_a_pupil_of_sixteen_answers_in_their_own_words(client, world):
    pupil = world["pupil"]
    pupil.birth_date = _today().replace(year=_today().year - 16) - datetime.timedelta(days=1)
    pupil.save()
    own = FamilyLinkFactory(pupil=pupil, relation=Relation.PUPIL, legal_representative=False).user
    case = open_case(world["ib"].user, pupil, world["vo"], planned_on=_today() + datetime.timedelta(days=20))
    case = release({**world, "case": case})
    log_in(client, own)
    page = _page(client, case)
    assert "Ben je het eens met wat je school schreef?" in page and "Bent u" not in page
    client.post(f"/overstappen/{case.pk}/overdracht/", {"read": "on", "verdict": FamilyVerdict.AGREE, "text": ""})
    assert current_handover(case).family_verdict == "eens" and current_handover(case).inzage_by_name == str(own)


def test_a_pupil_under_16_reads_but_the_parents_answer(client, move):
    case = move["case"]
    child = FamilyLinkFactory(pupil=move["pupil"], relation=Relation.PUPIL, legal_representative=False).user
    log_in(client, child)
    page = _page(client, case)
    assert "Heeft baat bij een rekenmachine" in page and "Ik heb gelezen wat de school doorgeeft" not in page
    with pytest.raises(PermissionDenied):
        confirm_inzage(child, case, verdict=FamilyVerdict.AGREE)
    assert client.post(f"/overstappen/{case.pk}/overdracht/", {"read": "on", "verdict": "eens"}).status_code == 404
    assert current_handover(case).inzage_on is None


def test_a_second_parent_answering_keeps_the_first_parents_view(move):
    case = move["case"]
    other = FamilyLinkFactory(pupil=move["pupil"], relation=Relation.PARENT, legal_representative=True).user
    confirm_inzage(move["parent"], case, verdict=FamilyVerdict.DISAGREE, text="Hij heeft meer uitdaging nodig.")
    confirm_inzage(other, case, verdict=FamilyVerdict.AGREE, text="")
    handover = current_handover(case)
    assert handover.family_view == "Hij heeft meer uitdaging nodig." and handover.family_view_by_name == str(
        move["parent"]
    )
    confirm_inzage(other, case, verdict=FamilyVerdict.AGREE, text="Thuis gaat het goed.")
    handover = current_handover(case)
    assert handover.family_view.startswith("Hij heeft meer uitdaging nodig.")
    assert f"{other}: Thuis gaat het goed." in handover.family_view
