"""Correction requests (AVG art. 16): the family asks to correct or add to an entry, the school answers within four
weeks (correct, add the family's text, or refuse with a reason), the history and the old text are kept, and an
overdue answer is a signal for the school that closes itself when the school answers."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from overstap.audit.models import Action, AuditEvent
from overstap.core import panels
from overstap.dossiers.correction_services import answer_correction, ask_correction
from overstap.dossiers.models import CorrectionRequest, CorrectionStatus
from overstap.dossiers.services import EditConflict, EntryData, create_entry, update_entry
from overstap.monitoring import engine
from overstap.monitoring.models import Signal, SignalKind, SignalStatus
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

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def world():
    school = OrganisationFactory(type=OrganisationType.BAO, name="De Regenboog")
    pupil = PupilFactory(given_names="Sem", family_name="Jansen", birth_date=TODAY - datetime.timedelta(days=365 * 11))
    EnrolmentFactory(pupil=pupil, organisation=school, start_date=TODAY - datetime.timedelta(days=800))
    ib = MembershipFactory(organisation=school, role="ib")
    parent = FamilyLinkFactory(pupil=pupil, relation=Relation.PARENT, legal_representative=True).user
    parent.email = "ouder@example.invalid"
    parent.save()
    entry = create_entry(
        ib.user, pupil, EntryData("ondersteuningsbehoeften", "Structuur", "Sem heeft een vaste dagplanning nodig.")
    )
    return {"school": school, "pupil": pupil, "ib": ib, "parent": parent, "entry": entry}


def _ask(world, **overrides):
    data = {
        "kind": "verbeteren",
        "what_is_wrong": "De planning is alleen 's ochtends nodig.",
        "should_say": "Sem heeft 's ochtends een vaste planning nodig.",
        **overrides,
    }
    return ask_correction(world["parent"], world["entry"], **data)


def _client(user, membership=None):
    return log_in(Client(), user, membership)


def test_a_parent_asks_from_the_entry_and_the_school_sees_it_on_the_pupil_page(world):
    client = _client(world["parent"])
    dossier = client.get(reverse("dossiers:dossier", args=[world["pupil"].pk]))
    ask_url = reverse("dossiers:correction-ask", args=[world["entry"].pk])
    assert ask_url in dossier.content.decode()
    response = client.post(
        ask_url,
        {"kind": "verbeteren", "what_is_wrong": "Alleen 's ochtends.", "should_say": "Een vaste ochtendplanning."},
    )
    correction = CorrectionRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("dossiers:correction", args=[correction.pk])
    assert correction.status == CorrectionStatus.OPEN and correction.organisation == world["school"]
    assert correction.due_on == TODAY + datetime.timedelta(weeks=4) and correction.entry_version == 1
    assert [e.to_status for e in correction.events.all()] == ["open"]

    school = _client(world["ib"].user, world["ib"])
    page = school.get(reverse("pupils:detail", args=[world["pupil"].pk])).content.decode()
    assert "Correctieverzoeken van de familie" in page and reverse("dossiers:correction", args=[correction.pk]) in page
    read = AuditEvent.objects.filter(action=Action.READ, object_type="pupils.Pupil").latest("pk")
    assert read.detail["shown"]["dossiers.CorrectionRequest"] == [correction.pk]


def test_the_form_names_the_field_and_changes_nothing(world):
    client = _client(world["parent"])
    response = client.post(
        reverse("dossiers:correction-ask", args=[world["entry"].pk]), {"kind": "verbeteren", "should_say": "x"}
    )
    assert response.status_code == 400
    assert "Wat klopt er niet of wat ontbreekt: dit veld is verplicht." in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_correcting_keeps_the_old_text_in_the_history_and_tells_the_family(world, django_capture_on_commit_callbacks):
    correction = _ask(world)
    with django_capture_on_commit_callbacks(execute=True):
        answer_correction(
            world["ib"].user,
            correction,
            CorrectionStatus.CORRECTED,
            text="Sem heeft 's ochtends een vaste planning nodig.",
            note="Dank u, aangepast.",
            expected_version=1,
        )
    entry = world["entry"]
    entry.refresh_from_db()
    correction.refresh_from_db()
    assert entry.text == "Sem heeft 's ochtends een vaste planning nodig." and entry.version == 2
    assert [v.text for v in entry.versions.order_by("version")] == [
        "Sem heeft een vaste dagplanning nodig.",
        "Sem heeft 's ochtends een vaste planning nodig.",
    ]
    assert correction.status == "verbeterd" and correction.answered_version == 2
    assert correction.answered_by_name == str(world["ib"].user) and correction.answered_at is not None
    assert [(e.from_status, e.to_status) for e in correction.events.all()] == [("", "open"), ("open", "verbeterd")]
    assert AuditEvent.objects.filter(action=Action.STATUS_CHANGE, object_type="dossiers.CorrectionRequest").exists()
    assert [m.to for m in mail.outbox] == [["ouder@example.invalid"]] and "Sem" not in mail.outbox[0].body

    page = _client(world["parent"]).get(reverse("dossiers:correction", args=[correction.pk])).content.decode()
    assert "Dank u, aangepast." in page and "De school heeft de tekst verbeterd." in page


def test_adding_the_familys_text_keeps_the_text_and_marks_the_addition_as_theirs(world):
    correction = _ask(world, kind="aanvullen", should_say="Thuis helpt een kalender.")
    answer_correction(world["ib"].user, correction, CorrectionStatus.ADDED, expected_version=1)
    entry = world["entry"]
    entry.refresh_from_db()
    assert entry.text.startswith("Sem heeft een vaste dagplanning nodig.")
    assert f"Aangevuld op verzoek van {world['parent']}" in entry.text and entry.text.endswith(
        "Thuis helpt een kalender."
    )
    assert (
        entry.versions.count() == 2 and entry.versions.get(version=1).text == "Sem heeft een vaste dagplanning nodig."
    )


def test_refusing_needs_a_reason_and_leaves_the_entry(world):
    correction = _ask(world)
    with pytest.raises(ValidationError) as error:
        answer_correction(world["ib"].user, correction, CorrectionStatus.REFUSED, note=" ", expected_version=1)
    assert "Reden" in str(error.value)
    answer_correction(
        world["ib"].user, correction, CorrectionStatus.REFUSED, note="Dit zagen we ook 's middags.", expected_version=1
    )
    world["entry"].refresh_from_db()
    correction.refresh_from_db()
    assert world["entry"].version == 1 and correction.status == "geweigerd"
    assert correction.answer == "Dit zagen we ook 's middags."
    with pytest.raises(ValidationError):  # an answer is final
        answer_correction(world["ib"].user, correction, CorrectionStatus.ADDED, expected_version=1)


def test_a_correction_on_a_changed_entry_saves_nothing(world):
    correction = _ask(world)
    update_entry(world["ib"].user, world["entry"], EntryData("ondersteuningsbehoeften", "Structuur", "Nieuw."), 1)
    with pytest.raises(EditConflict):
        answer_correction(world["ib"].user, correction, CorrectionStatus.CORRECTED, text="Anders.", expected_version=1)
    correction.refresh_from_db()
    assert correction.is_open and correction.events.count() == 1


def test_the_answer_goes_through_the_confirmation_page(world):
    correction = _ask(world)
    school = _client(world["ib"].user, world["ib"])
    url = reverse("dossiers:correction-answer", args=[correction.pk])
    data = {"answer": "geweigerd", "note": "Klopt zoals het er staat.", "text": "", "version": "1"}
    shown = school.post(url, data)
    assert shown.status_code == 200 and "Klopt zoals het er staat." in shown.content.decode()
    assert CorrectionRequest.objects.get().is_open
    done = school.post(url, {**data, "confirmed": "1"})
    assert done.status_code == 302 and CorrectionRequest.objects.get().status == "geweigerd"


def test_an_overdue_answer_raises_a_school_signal_and_answering_closes_it(world):
    correction = _ask(world)
    engine.sync(SignalKind.CORRECTIE_TERMIJN, TODAY)
    assert not Signal.objects.filter(kind=SignalKind.CORRECTIE_TERMIJN).exists()  # not overdue yet
    late = TODAY + datetime.timedelta(weeks=4, days=1)
    engine.sync(SignalKind.CORRECTIE_TERMIJN, late)
    engine.sync(SignalKind.CORRECTIE_TERMIJN, late)  # idempotent
    signal = Signal.objects.get(kind=SignalKind.CORRECTIE_TERMIJN)
    assert (signal.owner, signal.owner_role, signal.pupil) == (world["school"], "ib", world["pupil"])
    assert signal.handled_where() == reverse("dossiers:correction", args=[correction.pk])
    assert "Structuur" not in signal.cause and "ochtend" not in signal.cause
    home = _client(world["ib"].user, world["ib"]).get("/").content.decode()
    assert "Correctieverzoek niet op tijd beantwoord" in home

    answer_correction(world["ib"].user, correction, CorrectionStatus.REFUSED, note="Klopt.", expected_version=1)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.AFGEHANDELD and signal.closed_automatically
    assert signal.closed_reason.startswith("Vanzelf gesloten: de school beantwoordde het verzoek op")
    engine.sync(SignalKind.CORRECTIE_TERMIJN, late)
    assert Signal.objects.filter(kind=SignalKind.CORRECTIE_TERMIJN).count() == 1


def test_a_parent_without_parental_authority_cannot_ask_and_others_get_404(world):
    carer = FamilyLinkFactory(pupil=world["pupil"], relation=Relation.PARENT, legal_representative=False).user
    with pytest.raises(PermissionDenied):
        ask_correction(carer, world["entry"], kind="verbeteren", what_is_wrong="x", should_say="y")
    url = reverse("dossiers:correction-ask", args=[world["entry"].pk])
    assert _client(carer).get(url).status_code == 404
    correction = _ask(world)
    detail = reverse("dossiers:correction", args=[correction.pk])
    assert _client(carer).get(detail).status_code == 404
    other = MembershipFactory(organisation=OrganisationFactory(type=OrganisationType.BAO), role="ib")
    assert _client(other.user, other).get(detail).status_code == 404
    mentor = MembershipFactory(organisation=world["school"], role="mentor")
    assert _client(mentor.user, mentor).get(detail).status_code == 404
    answer = reverse("dossiers:correction-answer", args=[correction.pk])
    refused = _client(world["parent"]).post(answer, {"answer": "geweigerd", "note": "x", "confirmed": "1"})
    assert refused.status_code == 404
    assert CorrectionRequest.objects.get().is_open


def test_from_16_the_pupil_asks_and_the_parent_no_longer_does(world):
    pupil = world["pupil"]
    pupil.birth_date = TODAY - datetime.timedelta(days=365 * 16 + 10)
    pupil.save()
    own = FamilyLinkFactory(pupil=pupil, relation=Relation.PUPIL).user
    with pytest.raises(PermissionDenied):
        _ask(world)
    correction = ask_correction(own, world["entry"], kind="aanvullen", what_is_wrong="x", should_say="y")
    assert correction.asked_by == own
    page = _client(own).get(reverse("dossiers:correction-ask", args=[world["entry"].pk])).content.decode()
    assert "Vertel het" in page and "U " not in page


def test_the_family_panel_lists_the_requests_and_asks_nothing(world, rf):
    correction = _ask(world)
    request = rf.get("/")
    request.user = world["parent"]
    panel = next(p for p in panels.panels(panels.FAMILY_CHILD) if p.name == "corrections")
    context = panel.context(request, world["pupil"], set())
    assert context["asks"] == [] and context["open"] == [correction] and context["answered"] == []
    assert context["to_pupil"] is False
    other = FamilyLinkFactory(relation=Relation.PARENT, legal_representative=True).user
    request.user = other
    assert panel.context(request, world["pupil"], set()) is None


def test_every_read_is_audited(world):
    correction = _ask(world)
    client = _client(world["parent"])
    client.get(reverse("dossiers:correction", args=[correction.pk]))
    client.get(reverse("dossiers:corrections", args=[world["pupil"].pk]))
    client.get(reverse("dossiers:correction-ask", args=[world["entry"].pk]))
    events = AuditEvent.objects.filter(actor_id=world["parent"].pk)
    assert events.filter(action=Action.READ, object_type="dossiers.CorrectionRequest", object_id=str(correction.pk))
    listed = events.get(action=Action.LIST, object_type="dossiers.CorrectionRequest")
    assert listed.detail["ids"] == [correction.pk]
    assert events.filter(action=Action.READ, object_type="dossiers.Entry", object_id=str(world["entry"].pk)).exists()
