"""The download of a child's whole dossier (AVG art. 15 and 20): every part in JSON and PDF, never more than the same
person can open page by page, a withdrawn consent's handover section withheld, each download in the audit trail and
in the child's access history, and only for the one who exercises the child's rights."""

import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from overstap.audit.models import Action, AuditEvent
from overstap.audit.services import record
from overstap.consent.models import Consent
from overstap.consent.services import break_glass, withdraw_consent
from overstap.dossiers.correction_services import ask_correction
from overstap.dossiers.models import Entry, Opp, YouthCare
from overstap.dossiers.selectors import entries_for
from overstap.family import download as dossier_download
from overstap.pupils.models import Relation
from overstap.pupils.selectors import audit_events
from overstap.support.models import SupportRequest
from overstap.testing.factories import FamilyLinkFactory, PupilFactory, log_in
from overstap.transitions import consent_asks
from overstap.transitions.models import ConsentAskStatus, Feedback, Meeting, MeetingKind, Moment, Status
from overstap.transitions.tests.conftest import HOME_TEXT, SUPPORT_TEXT, TODAY, world  # noqa: F401
from overstap.transitions.tests.test_consent_asks import _send, move  # noqa: F401
from overstap.transitions.workflow import open_case

pytestmark = pytest.mark.django_db


def _urls(pupil):
    return [
        reverse(name, args=[pupil.pk]) for name in ("family:download", "family:download-json", "family:download-pdf")
    ]


def _json(client, user, pupil) -> dict:
    log_in(client, user)
    response = client.get(reverse("family:download-json", args=[pupil.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"] and pupil.family_name not in response["Content-Disposition"]
    return json.loads(b"".join(response.streaming_content))


def _pdf_text(client, user, pupil) -> str:
    log_in(client, user)
    response = client.get(reverse("family:download-pdf", args=[pupil.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def _meeting(case, kind, notes):
    return Meeting.objects.create(
        case=case, kind=kind, held_on=TODAY, notes=notes, organiser=case.from_organisation, created_by_name="Juf Anna"
    )


# --- What it holds -----------------------------------------------------------------------------------------------


def test_the_json_holds_every_part_with_a_schema_version_and_iso_dates(client, move):  # noqa: F811
    m = move
    question = consent_asks.ask(m["ib"].user, m["case"], ["thuissituatie"])[0]
    consent_asks.change_status(m["parent"], question, ConsentAskStatus.GIVEN)
    _meeting(m["case"], MeetingKind.WARME_OVERDRACHT, "Sem houdt van tekenen.")
    data = _json(client, m["parent"], m["pupil"])

    assert data["schema"] == "overstap.dossier-download" and data["schema_version"] == 1
    assert set(dossier_download.PARTS) <= set(data)
    assert (
        data["pupil"]["full_name"] == "Sem Jansen" and data["pupil"]["birth_date"] == m["pupil"].birth_date.isoformat()
    )
    datetime.datetime.fromisoformat(data["made_at"])
    assert [e["school"] for e in data["school_career"]] == ["De Regenboog"]
    assert {e["text"] for e in data["dossier_entries"]} == {SUPPORT_TEXT, HOME_TEXT}
    assert data["dossier_entries"][0]["recorded_on"] == TODAY.isoformat()
    (case,) = data["transitions"]
    assert case["status"] == Status.INZAGE_OUDERS and case["handover"]["sent"] is False
    assert {s["category"] for s in case["handover"]["sections"]} == {"ondersteuningsbehoeften", "thuissituatie"}
    assert [meeting["notes"] for meeting in case["meetings"]] == ["Sem houdt van tekenen."]
    assert [c["category"] for c in data["consents"]] == ["thuissituatie"]
    assert data["consents"][0]["withdrawn_at"] is None
    assert [(q["category"], q["answer"]) for q in data["consent_questions"]] == [("thuissituatie", "ja")]
    assert isinstance(data["access_history"], list) and data["access_history"]
    # Every line names its part in words, the answer to the question about consent too.
    assert "vraag om toestemming" in {look["part"] for look in data["access_history"]}
    assert "andere gegevens" not in {look["part"] for look in data["access_history"]}


def test_the_json_holds_plans_youth_care_support_and_correction_requests_with_their_answers(client, world):  # noqa: F811
    m = world
    pupil, school = m["pupil"], m["school"]
    entry = Entry.objects.get(pupil=pupil, category="ondersteuningsbehoeften")
    ask_correction(m["parent"], entry, kind="verbeteren", what_is_wrong="Klopt niet.", should_say="Alleen extra tijd.")
    opp = Opp.objects.create(
        pupil=pupil,
        organisation=school,
        exit_profile="vervolgonderwijs",
        exit_level="vmbo-kader",
        approach="Kleine stappen.",
        author_name="Juf Anna",
    )
    opp.goals.create(area="Rekenen", goal="Breuken", intermediate_goals="- helften\n- kwarten")
    YouthCare.objects.create(
        pupil=pupil,
        organisation=school,
        provider="Jeugdzorg Noord",
        care_type="ambulant",
        start_on=TODAY,
        recorded_by_name="Juf Anna",
    )
    SupportRequest.objects.create(
        pupil=pupil, school=school, swv=m["swv"], kind="arrangement", question="Extra hulp?", requested_by_name="IB"
    )
    data = _json(client, m["parent"], pupil)

    (correction,) = data["correction_requests"]
    assert correction["entry_id"] == entry.pk and correction["should_say"] == "Alleen extra tijd."
    assert correction["status"] == "open" and correction["history"][0]["to"] == "open"
    (plan,) = data["opps"]
    assert plan["goals"] == [
        {"area": "Rekenen", "goal": "Breuken", "intermediate_goals": ["helften", "kwarten"], "target_date": None}
    ]
    assert [c["provider"] for c in data["youth_care"]] == ["Jeugdzorg Noord"]
    assert data["youth_care"][0]["from"] == TODAY.isoformat()
    assert [(r["kind"], r["question"], r["decision"]) for r in data["support_requests"]] == [
        ("arrangement", "Extra hulp?", None)
    ]
    pdf = _pdf_text(client, m["parent"], pupil)
    for text in ("Alleen extra tijd.", "Breuken", "Jeugdzorg Noord", "Extra hulp?"):
        assert text in pdf, text


def test_the_json_holds_what_this_parent_can_open_and_nothing_that_is_hidden_from_them(client, move):  # noqa: F811
    m = move
    _meeting(m["case"], MeetingKind.WARME_OVERDRACHT, "Warm gesprek.")
    # An MDO/ZAT stays with its organiser, a move still being prepared with the school, feedback between schools
    # with the schools, another child's entry with that child, a break of confidentiality with the privacy officer.
    _meeting(m["case"], MeetingKind.MDO_ZAT, "Geheime notitie uit het MDO.")
    other = PupilFactory(given_names="Noor", family_name="Visser")
    Entry.objects.create(
        pupil=other, category="ontwikkeling", title="Ander kind", text="Niet van Sem.", author_name="X"
    )
    Feedback.objects.create(
        case=m["case"], moment=Moment.values[0], comment="Onvolledig dossier.", organisation=m["vo"], given_by_name="Z"
    )
    break_glass(m["ib"].user, m["ib"], m["pupil"], "Er zijn ernstige zorgen over de veiligheid van het kind thuis.")
    text = json.dumps(_json(client, m["parent"], m["pupil"]))
    data = json.loads(text)

    assert {e["id"] for e in data["dossier_entries"]} == set(
        entries_for(m["parent"], m["pupil"]).values_list("pk", flat=True)
    )
    assert "Warm gesprek." in text
    for hidden in ("Geheime notitie uit het MDO.", "Niet van Sem.", "Onvolledig dossier.", "veiligheid van het kind"):
        assert hidden not in text
    # The break of confidentiality is in the pupil's trail, but not in the family's access history.
    assert AuditEvent.objects.filter(pupil_id=m["pupil"].pk, legal_basis__startswith="doorbreking").exists()
    assert len(data["access_history"]) == audit_events(m["parent"], m["pupil"]).count()

    # Once the family no longer follows the move (a new one in preparation), it is not in the download either.
    second = open_case(m["ib"].user, m["pupil"], m["vo"], planned_on=TODAY + datetime.timedelta(days=400))
    assert second.status == Status.VOORBEREIDING
    assert second.pk not in {c["id"] for c in _json(client, m["parent"], m["pupil"])["transitions"]}


def test_a_withdrawn_consent_keeps_the_handover_section_withheld(client, move):  # noqa: F811
    m = move
    question = consent_asks.ask(m["ib"].user, m["case"], ["thuissituatie"])[0]
    question = consent_asks.change_status(m["parent"], question, ConsentAskStatus.GIVEN)
    _send(m)
    withdraw_consent(m["parent"], Consent.objects.get(pk=question.consent_id))
    data = _json(client, m["parent"], m["pupil"])

    handover = data["transitions"][0]["handover"]
    assert handover["sent"] is True
    sections = {s["category"]: s for s in handover["sections"]}
    assert sections["thuissituatie"]["withheld"] is True and sections["thuissituatie"]["items"] == []
    assert sections["thuissituatie"]["withdrawn_on"] == TODAY.isoformat()
    assert HOME_TEXT not in json.dumps(handover) and SUPPORT_TEXT in json.dumps(handover)
    # The consent itself says it was withdrawn.
    assert data["consents"][0]["withdrawn_at"] is not None
    pdf = _pdf_text(client, m["parent"], m["pupil"])
    assert "ingetrokken" in pdf
    # Why each section went, in a sentence; no legal badge.
    assert "De wet zegt dat de school dit moet doen" in pdf.replace("\n", " ") and "Wettelijke plicht" not in pdf


def test_the_pdf_opens_with_the_name_the_headings_the_date_and_page_numbers(client, world):  # noqa: F811
    m = world
    pdf = _pdf_text(client, m["parent"], m["pupil"])
    assert "Alles wat Overstap bewaart over Sem Jansen" in pdf
    for heading in (
        "Gegevens van Sem Jansen",
        "Dossier",
        "Overstappen naar een andere school",
        "Toestemming",
        "Wie keek er naar de gegevens",
    ):
        assert heading in pdf, heading
    assert "Heeft baat bij een rekenmachine" in pdf
    assert f"Gemaakt op {TODAY.day}" in pdf and str(m["parent"]) in pdf
    assert "pagina 1 van" in pdf


# --- Audited ------------------------------------------------------------------------------------------------------


def test_each_download_is_audited_with_format_and_counts_and_shows_in_the_access_history(client, world):  # noqa: F811
    m = world
    document = _json(client, m["parent"], m["pupil"])
    event = AuditEvent.objects.filter(action=Action.DOWNLOAD).latest("pk")
    assert event.pupil_id == m["pupil"].pk and event.role == "family" and event.object_type == "family.DossierDownload"
    assert event.detail["format"] == "json" and event.detail["counts"]["dossier_entries"] == 2
    assert event.detail["counts"]["pupil"] == 1 and event.detail["counts"]["access_history"] >= 1
    # Which entries went, not only how many.
    assert event.detail["ids"]["dossier_entries"] == [entry["id"] for entry in document["dossier_entries"]]

    _pdf_text(client, m["parent"], m["pupil"])
    assert AuditEvent.objects.filter(action=Action.DOWNLOAD).latest("pk").detail["format"] == "pdf"

    # The next download's access history starts with this one, in the family's words...
    data = _json(client, m["parent"], m["pupil"])
    first = data["access_history"][0]
    assert first["did"] == "gedownload" and first["part"] == "download van het hele dossier"
    assert first["organisation"] == "Gezin (ouders, verzorgers, de leerling)"
    # ... and so does the who-looked page.
    page = client.get(reverse("pupils:audit", args=[m["pupil"].pk])).content.decode()
    assert "download van het hele dossier" in page


def test_the_access_history_streams_in_chunks_in_order(client, world, monkeypatch):  # noqa: F811
    m = world
    monkeypatch.setattr(dossier_download, "HISTORY_CHUNK", 3)
    for _ in range(7):
        record(m["ib"].user, Action.READ, m["pupil"])
    data = _json(client, m["parent"], m["pupil"])
    moments = [look["at"] for look in data["access_history"]]
    assert len(moments) == AuditEvent.objects.filter(pupil_id=m["pupil"].pk).exclude(action=Action.LIST).count()
    assert moments == sorted(moments, reverse=True)


# --- Who may -------------------------------------------------------------------------------------------------------


def test_the_parent_with_authority_gets_the_page_in_plain_dutch_and_a_link_from_home(client, world):  # noqa: F811
    m = world
    log_in(client, m["parent"])
    html = client.get(reverse("family:download", args=[m["pupil"].pk])).content.decode()
    assert "Download alles over Sem" in html and "persoonlijke informatie over Sem" in html
    assert "Downloaden als PDF" in html and "Downloaden als gegevensbestand (JSON)" in html
    assert reverse("family:download-pdf", args=[m["pupil"].pk]) in html
    home = client.get(reverse("ui:home")).content.decode()
    assert reverse("family:download", args=[m["pupil"].pk]) in home


@pytest.mark.parametrize("who", ["ib", "carer", "other_parent", "pupil_under_16", "parent_of_16"])
def test_everyone_else_gets_404_on_every_url(client, world, who):  # noqa: F811
    m = world
    pupil = m["pupil"]
    membership = None
    if who == "ib":
        user, membership = m["ib"].user, m["ib"]
    elif who == "carer":
        user = FamilyLinkFactory(pupil=pupil, relation=Relation.CARER, legal_representative=False).user
    elif who == "other_parent":
        user = FamilyLinkFactory(pupil=PupilFactory(), relation=Relation.PARENT).user
    elif who == "pupil_under_16":
        user = FamilyLinkFactory(pupil=pupil, relation=Relation.PUPIL, legal_representative=False).user
    else:  # from 16 the pupil decides: the parent reads the dossier but does not take the copy
        pupil.birth_date = TODAY.replace(year=TODAY.year - 16)
        pupil.save()
        user = m["parent"]
    log_in(client, user, membership)
    for url in _urls(pupil):
        assert client.get(url).status_code == 404, url
    assert reverse("family:download", args=[pupil.pk]) not in client.get(reverse("ui:home")).content.decode()
    assert not AuditEvent.objects.filter(action=Action.DOWNLOAD).exists()


def test_the_pupil_from_16_downloads_their_own_and_is_spoken_to_as_je(client, world):  # noqa: F811
    m = world
    pupil = m["pupil"]
    pupil.birth_date = TODAY.replace(year=TODAY.year - 16)
    pupil.save()
    user = FamilyLinkFactory(pupil=pupil, relation=Relation.PUPIL, legal_representative=False).user
    log_in(client, user)
    html = client.get(reverse("family:download", args=[pupil.pk])).content.decode()
    assert "Download alles over jou" in html and "persoonlijke informatie over jou" in html
    assert _json(client, user, pupil)["pupil"]["id"] == pupil.pk
    assert "mensen die je vertrouwt" in _pdf_text(client, user, pupil).replace("\n", " ")


def test_the_queries_do_not_grow_with_the_dossier_or_the_trail(client, world):  # noqa: F811
    m = world
    log_in(client, m["parent"])
    url = reverse("family:download-json", args=[m["pupil"].pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            b"".join(client.get(url).streaming_content)
        return len(captured)

    before = queries()
    for number in range(6):
        Entry.objects.create(
            pupil=m["pupil"],
            category="ontwikkeling",
            title=f"Stap {number}",
            text="Gaat goed.",
            organisation=m["school"],
        )
        record(m["ib"].user, Action.READ, m["pupil"])
    assert queries() == before
