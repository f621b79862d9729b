"""Consent asked in the context of a move: the sending school asks from the case, the family answers one plain
question per category and recipient, the one who decides answers, and a withdrawal after sending withholds the
section from the recipient on the handover page and in the PDF, audited as withheld."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from overstap.audit.models import Action, AuditEvent
from overstap.consent.models import Consent
from overstap.consent.services import withdraw_consent
from overstap.core.panels import FAMILY_CHILD, panels, render_panels
from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Relation
from overstap.testing.factories import (
    EnrolmentFactory,
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    PupilFactory,
    log_in,
)
from overstap.transitions import consent_asks
from overstap.transitions.handover import choose_categories, current_handover, record_inzage, waive_family_view
from overstap.transitions.models import ConsentAsk, ConsentAskStatus, Status
from overstap.transitions.workflow import change_status, open_case

from .conftest import HOME_TEXT, SUPPORT_TEXT, TODAY, tick_required

pytestmark = pytest.mark.django_db


@pytest.fixture
def move(world):
    """A PO-VO move in the parents' inspection, with the support needs and the home situation chosen to go."""
    ib = world["ib"].user
    case = open_case(ib, world["pupil"], world["vo"], planned_on=TODAY + datetime.timedelta(days=60))
    case = change_status(ib, case, Status.AANGEMELD)
    choose_categories(ib, case, ["ondersteuningsbehoeften", "thuissituatie"], expected_version=1)
    tick_required(ib, case)
    case = change_status(ib, case, Status.INZAGE_OUDERS)
    return {**world, "case": case}


def _logged(user, membership=None):
    client = Client()
    log_in(client, user, membership)
    return client


def _ask(move, categories=("thuissituatie",)) -> ConsentAsk:
    (question,) = consent_asks.ask(move["ib"].user, move["case"], list(categories))
    return question


def _pdf_text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def _send(move):
    ib = move["ib"].user
    record_inzage(ib, move["case"], TODAY, by_name="Moeder")
    waive_family_view(ib, move["case"])
    return change_status(ib, move["case"], Status.VERZONDEN)


# --- Which questions there are -----------------------------------------------------------------------------------


def test_only_categories_that_need_consent_are_asked_and_only_for_the_moves_recipient(move):
    rows = consent_asks.overview(move["case"])
    # The support needs go as the school report (a legal duty); the home situation needs consent. Youth care is in
    # the matrix only when the pupil gets it, which this pupil does not.
    assert [(row.category, row.recipient) for row in rows] == [("thuissituatie", move["vo"])]
    assert rows[0].state == consent_asks.NOT_ASKED
    with pytest.raises(ValidationError) as error:
        consent_asks.ask(move["ib"].user, move["case"], ["ondersteuningsbehoeften"])
    assert "heeft voor deze overstap geen toestemming nodig" in error.value.message_dict["categories"][0]
    question = _ask(move)
    assert (question.category, question.recipient, question.status) == ("thuissituatie", move["vo"], "open")
    # Asked once: a second ask while it is open adds nothing.
    assert consent_asks.ask(move["ib"].user, move["case"], ["thuissituatie"]) == []


def test_a_school_the_pupil_is_at_now_is_never_asked_about(move):
    EnrolmentFactory(pupil=move["pupil"], organisation=move["vo"], start_date=TODAY - datetime.timedelta(days=3))
    assert consent_asks.overview(move["case"]) == []
    with pytest.raises(ValidationError):
        consent_asks.ask(move["ib"].user, move["case"], ["thuissituatie"])


def test_the_school_asks_from_the_case_page_and_sees_the_state(move):
    ib = _logged(move["ib"].user, move["ib"])
    url = f"/overstappen/{move['case'].pk}/"
    page = ib.get(url).content.decode()
    assert "Toestemming van het gezin" in page and 'value="thuissituatie"' in page
    assert 'value="ondersteuningsbehoeften"' not in page.split('id="kop-toestemming"')[1].split("</section>")[0]
    response = ib.post(f"/overstappen/{move['case'].pk}/toestemming-vragen/", {"categories": ["thuissituatie"]})
    assert response.status_code == 302
    assert ConsentAsk.objects.filter(case=move["case"], status="open").count() == 1
    assert "nog geen antwoord" in ib.get(url).content.decode()
    # The school reads the question as the family does, and is told so.
    (question,) = ConsentAsk.objects.filter(case=move["case"])
    page = ib.get(f"/overstappen/toestemming/{question.pk}/").content.decode()
    assert "Zo ziet het gezin deze vraag" in page and 'name="answer"' not in page
    assert (
        "Zo ziet het gezin deze vraag"
        not in _logged(move["parent"]).get(f"/overstappen/toestemming/{question.pk}/").content.decode()
    )
    # Nothing ticked: a message that names the field, nothing asked.
    ConsentAsk.objects.all().delete()
    ib.post(f"/overstappen/{move['case'].pk}/toestemming-vragen/", {})
    assert not ConsentAsk.objects.exists()


# --- Who answers -------------------------------------------------------------------------------------------------


def test_under_16_the_pupil_reads_the_question_but_the_legal_representative_answers(move):
    question = _ask(move)
    pupil = FamilyLinkFactory(pupil=move["pupil"], relation=Relation.PUPIL).user
    url = f"/overstappen/toestemming/{question.pk}/"
    as_pupil = _logged(pupil)
    page = as_pupil.get(url).content.decode()
    assert "Mag De Regenboog informatie over je thuissituatie doorgeven aan Lindendal College?" in page
    assert "Je bent jonger dan 16" in page and 'name="answer"' not in page
    assert as_pupil.post(url, {"answer": "ja"}).status_code == 404
    question.refresh_from_db()
    assert question.status == "open"

    parent = _logged(move["parent"])
    page = parent.get(url).content.decode()
    assert "Mag De Regenboog informatie over de thuissituatie van Sem doorgeven aan Lindendal College?" in page
    assert "Hoe lang?" in page and 'name="answer"' in page
    # No choice: a message naming the field, and nothing changes.
    response = parent.post(url, {})
    assert response.status_code == 400 and "Uw antwoord: kies ja of nee." in response.content.decode()
    assert parent.post(url, {"answer": "ja"}).status_code == 302
    question.refresh_from_db()
    assert question.status == ConsentAskStatus.GIVEN and question.consent.given_as == "wettelijk_vertegenwoordiger"
    assert question.consent.recipient == move["vo"] and question.consent.category == "thuissituatie"
    # Answered once: a second answer is refused.
    assert parent.post(url, {"answer": "nee"}).status_code == 404


def test_from_16_the_pupil_answers_and_the_parent_cannot(move):
    pupil = move["pupil"]
    pupil.birth_date = TODAY.replace(year=TODAY.year - 16) - datetime.timedelta(days=1)
    pupil.save()
    question = _ask(move)
    url = f"/overstappen/toestemming/{question.pk}/"
    parent = _logged(move["parent"])
    page = parent.get(url).content.decode()
    assert "is 16 jaar of ouder en beslist dit zelf" in page and 'name="answer"' not in page
    assert parent.post(url, {"answer": "ja"}).status_code == 404
    with pytest.raises(PermissionDenied):
        consent_asks.change_status(move["parent"], question, ConsentAskStatus.GIVEN)

    own = FamilyLinkFactory(pupil=pupil, relation=Relation.PUPIL).user
    as_pupil = _logged(own)
    page = as_pupil.get(url).content.decode()
    assert "je thuissituatie" in page and "Je bent 16 of ouder, dus je beslist dit zelf." in page
    assert as_pupil.post(url, {"answer": "nee"}).status_code == 302
    question.refresh_from_db()
    assert question.status == ConsentAskStatus.REFUSED and question.consent is None
    assert AuditEvent.objects.filter(
        action=Action.CONSENT_CHANGE, object_type="transitions.ConsentAsk", object_id=str(question.pk)
    ).exists()


def test_others_get_404(move):
    question = _ask(move)
    url = f"/overstappen/toestemming/{question.pk}/"
    stranger = FamilyLinkFactory(relation=Relation.PARENT, legal_representative=True).user
    other_school = OrganisationFactory(type=OrganisationType.BAO)
    other_ib = MembershipFactory(organisation=other_school, role="ib")
    for client in (_logged(stranger), _logged(other_ib.user, other_ib), _logged(move["vo_ib"].user, move["vo_ib"])):
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "ja"}).status_code == 404
    # Only the sending school asks; the receiving school cannot.
    vo = _logged(move["vo_ib"].user, move["vo_ib"])
    assert (
        vo.post(f"/overstappen/{move['case'].pk}/toestemming-vragen/", {"categories": ["thuissituatie"]}).status_code
        == 404
    )
    question.refresh_from_db()
    assert question.status == "open"


# --- What the answer does ----------------------------------------------------------------------------------------


def test_yes_makes_the_section_travel(move):
    question = _ask(move)
    question = consent_asks.change_status(move["parent"], question, ConsentAskStatus.GIVEN)
    case = _send(move)
    sections = {s["category"]: s for s in current_handover(case).content["sections"]}
    assert sections["thuissituatie"]["basis"] == "toestemming"
    assert sections["thuissituatie"]["items"][0]["text"] == HOME_TEXT
    assert sections["thuissituatie"]["consent_id"] == question.consent_id


def test_no_keeps_it_out(move):
    question = _ask(move)
    consent_asks.change_status(move["parent"], question, ConsentAskStatus.REFUSED)
    assert consent_asks.overview(move["case"])[0].state == consent_asks.REFUSED
    with pytest.raises(ValidationError) as error:
        _send(move)
    assert "toestemming voor “Thuissituatie”" in str(error.value)
    ib = move["ib"].user
    choose_categories(
        ib, move["case"], ["ondersteuningsbehoeften"], expected_version=current_handover(move["case"]).version
    )
    case = _send(move)
    content = current_handover(case).content
    assert [s["category"] for s in content["sections"]] == ["ondersteuningsbehoeften"]
    assert HOME_TEXT not in str(content)


def test_the_family_sees_the_open_question_in_the_family_child_slot(move, rf):
    question = _ask(move)
    request = rf.get("/")
    request.user = move["parent"]
    shown = dict(render_panels(request, move["pupil"], set(), panels(FAMILY_CHILD)))
    context = shown["transitions/panels/family_consent_asks.html"]
    (ask,) = context["asks"]
    assert ask["text"] == "Mag De Regenboog informatie over de thuissituatie van Sem doorgeven aan Lindendal College?"
    assert ask["url"] == f"/overstappen/toestemming/{question.pk}/"
    assert ask["due"] is not None
    # Answered: no longer asked on the next page.
    question = consent_asks.change_status(move["parent"], question, ConsentAskStatus.GIVEN)
    request = rf.get("/")
    request.user = move["parent"]
    assert "transitions/panels/family_consent_asks.html" not in dict(
        render_panels(request, move["pupil"], set(), panels(FAMILY_CHILD))
    )


def _home(user) -> str:
    response = _logged(user).get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_family_home_lists_the_question_among_what_is_asked_with_a_link(move):
    question = _ask(move)
    asks = _home(move["parent"]).split('data-testid="family-asks"', 1)[1].split('data-testid="family-child"', 1)[0]
    assert "Mag De Regenboog informatie over de thuissituatie van Sem doorgeven aan Lindendal College?" in asks
    assert f'href="/overstappen/toestemming/{question.pk}/"' in asks
    # From 16 the pupil answers: on the pupil's own home, said with "je"; the parent is no longer asked.
    pupil = move["pupil"]
    pupil.birth_date = TODAY.replace(year=TODAY.year - 16) - datetime.timedelta(days=1)
    pupil.save()
    own = FamilyLinkFactory(pupil=pupil, relation=Relation.PUPIL).user
    assert "Mag De Regenboog informatie over je thuissituatie doorgeven aan Lindendal College?" in _home(own)
    assert f"/overstappen/toestemming/{question.pk}/" not in _home(move["parent"])


def _home_queries(user) -> int:
    client = _logged(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_the_family_homes_queries_do_not_grow_with_the_children_asked(move):
    _ask(move)
    one = _home_queries(move["parent"])
    ib = move["ib"].user
    for number in range(3):
        child = PupilFactory(given_names=f"Kind{number}", family_name="Jansen", birth_date=move["pupil"].birth_date)
        EnrolmentFactory(pupil=child, organisation=move["school"], start_date=TODAY.replace(year=TODAY.year - 7))
        FamilyLinkFactory(pupil=child, user=move["parent"], relation=Relation.PARENT, legal_representative=True)
        case = change_status(ib, open_case(ib, child, move["vo"]), Status.AANGEMELD)
        choose_categories(ib, case, ["ondersteuningsbehoeften", "thuissituatie"], expected_version=1)
        tick_required(ib, case)
        consent_asks.ask(ib, change_status(ib, case, Status.INZAGE_OUDERS), ["thuissituatie"])
    assert ConsentAsk.objects.count() == 4
    assert _home_queries(move["parent"]) == one


def test_the_family_consent_page_lists_the_questions_not_every_category_and_organisation(move):
    question = _ask(move)
    page = _logged(move["parent"]).get(f"/leerlingen/{move['pupil'].pk}/toestemming/").content.decode()
    assert f'href="/overstappen/toestemming/{question.pk}/"' in page
    assert "<select" not in page


# --- Withdrawal --------------------------------------------------------------------------------------------------


def test_a_withdrawal_before_sending_shows_on_the_case_and_holds_the_sending(move):
    question = _ask(move)
    question = consent_asks.change_status(move["parent"], question, ConsentAskStatus.GIVEN)
    withdraw_consent(move["parent"], question.consent)
    ib = _logged(move["ib"].user, move["ib"])
    page = ib.get(f"/overstappen/{move['case'].pk}/").content.decode()
    assert "Toestemming ingetrokken door" in page
    with pytest.raises(ValidationError):
        _send(move)
    # The school may ask again.
    assert consent_asks.overview(move["case"])[0].askable


def test_a_withdrawal_after_sending_withholds_the_section_on_the_page_and_in_the_pdf(move):
    question = _ask(move)
    question = consent_asks.change_status(move["parent"], question, ConsentAskStatus.GIVEN)
    case = _send(move)
    receiver = _logged(move["vo_ib"].user, move["vo_ib"])
    page = receiver.get(f"/overstappen/{case.pk}/overdracht/").content.decode()
    assert HOME_TEXT in page and SUPPORT_TEXT in page and "Dit is precies wat is verzonden." in page
    # Read while the consent stands: the read names that consent as its basis.
    read = AuditEvent.objects.filter(action=Action.READ, object_type="transitions.TransitionCase").latest("pk")
    assert f"toestemming:{question.consent_id}" in read.legal_basis.split(",")

    withdraw_consent(move["parent"], Consent.objects.get(pk=question.consent_id))
    page = receiver.get(f"/overstappen/{case.pk}/overdracht/").content.decode()
    assert HOME_TEXT not in page and SUPPORT_TEXT in page
    assert f"Het gezin heeft op {TODAY.day}" in page and "toestemming voor deze informatie ingetrokken" in page
    # No longer "exactly what was sent": the page says what it leaves out.
    assert "precies wat is verzonden" not in page and "zonder de informatie waarvoor het gezin" in page
    read = AuditEvent.objects.filter(action=Action.READ, object_type="transitions.TransitionCase").latest("pk")
    assert read.detail["withheld"] == ["thuissituatie"] and read.detail["categories"] == ["ondersteuningsbehoeften"]
    assert "toestemming" not in read.legal_basis

    pdf = _pdf_text(receiver.get(f"/overstappen/{case.pk}/overdracht.pdf"))
    assert HOME_TEXT not in pdf and SUPPORT_TEXT.split(" en ")[0] in pdf
    assert "toestemming voor deze informatie ingetrokken" in pdf
    export = AuditEvent.objects.filter(action=Action.EXPORT).latest("pk")
    assert export.detail["withheld"] == ["thuissituatie"]
    # What was sent stays as it was sent: the proof of what went.
    assert HOME_TEXT in str(current_handover(case).content)
