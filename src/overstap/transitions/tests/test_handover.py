"""The cold handover: categories with their legal basis, the parents' inspection and view before sending, proof of
sending, receipt and first opening, escalation when nobody opens it; meetings, the mentor page and conditions."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from overstap.consent.services import give_consent
from overstap.dossiers.models import Entry
from overstap.monitoring.engine import escalate_unopened
from overstap.monitoring.models import Signal, SignalKind, SignalStatus
from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Enrolment, Relation
from overstap.testing.factories import (
    FamilyLinkFactory,
    MembershipFactory,
    OrganisationFactory,
    log_in,
)
from overstap.transitions.handover import (
    choose_categories,
    confirm_inzage,
    current_handover,
    record_inzage,
    waive_family_view,
)
from overstap.transitions.meetings import StaleNote, agenda_for, record_meeting, save_mentor_note
from overstap.transitions.models import Notification, Status
from overstap.transitions.workflow import change_status, open_case, open_handover

from .conftest import acting, release, send

pytestmark = pytest.mark.django_db
T = OrganisationType
TODAY = timezone.localdate()


@pytest.fixture
def move(world):
    """A PO-VO move to LWOO, starting in ten days."""
    case = open_case(
        world["ib"].user, world["pupil"], world["vo"], planned_on=TODAY + datetime.timedelta(days=10), programme="lwoo"
    )
    return {**world, "case": case}


_release = release
_send = send
_acting = acting


def test_forbidden_categories_cannot_be_picked(move):
    case = change_status(move["ib"].user, move["case"], Status.AANGEMELD)
    with pytest.raises(ValidationError) as error:
        choose_categories(move["ib"].user, case, ["nationaliteit", "ontwikkeling"], expected_version=1)
    assert "Nationaliteit" in error.value.message_dict["categories"][0]
    assert current_handover(case) is None  # a refused selection stores nothing, not even an empty handover


def test_a_second_editor_of_the_selection_is_refused(move):
    case = change_status(move["ib"].user, move["case"], Status.AANGEMELD)
    choose_categories(move["ib"].user, case, ["ontwikkeling"], expected_version=1)
    with pytest.raises(ValidationError) as error:
        choose_categories(move["ib"].user, case, ["opp"], expected_version=1)
    assert "iemand anders" in error.value.message_dict["categories"][0]
    assert current_handover(case).categories == ["ontwikkeling"]


def test_sending_needs_inspection_view_and_consent_and_says_what_is_missing(move):
    case = _release(move, ("ondersteuningsbehoeften", "thuissituatie"))
    with pytest.raises(ValidationError) as error:
        change_status(move["ib"].user, case, Status.VERZONDEN)
    message = error.value.message_dict["status"][0]
    assert "de datum waarop de ouders het rapport lazen" in message
    assert "het antwoord van de ouders" in message
    assert "toestemming voor “Thuissituatie”" in message
    confirm_inzage(move["parent"], case, verdict="eens", text="Sem is thuis heel rustig; op school kan het druk zijn.")
    give_consent(move["parent"], move["pupil"], "thuissituatie", move["vo"])
    case = change_status(move["ib"].user, case, Status.VERZONDEN)
    handover = current_handover(case)
    assert handover.sent_at is not None and handover.inzage_on == TODAY
    assert [s["category"] for s in handover.content["sections"]] == ["thuissituatie", "ondersteuningsbehoeften"]
    assert handover.content["family_view"].startswith("Sem is thuis")


def test_the_receiver_is_notified_without_personal_data_in_the_mail(move, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _send(move)
    assert Notification.objects.filter(organisation=move["vo"], kind="overdracht_verzonden").exists()
    assert [m.to for m in mail.outbox] == [["zc@lc.invalid"]]
    assert "Sem" not in mail.outbox[0].body and "Jansen" not in mail.outbox[0].body


def test_what_was_sent_stays_as_sent(move):
    case = _send(move)
    Entry.objects.filter(title="Rekenen").update(text="Later veranderd.")
    open_handover(move["vo_ib"].user, case)
    handover = current_handover(case)
    texts = [item["text"] for s in handover.content["sections"] for item in s["items"]]
    assert texts == ["Heeft baat bij een rekenmachine en extra tijd."]
    assert handover.received_at and handover.opened_at and handover.opened_by_name == str(move["vo_ib"].user)


def test_receiving_school_reads_only_after_sending_and_first_read_is_recorded(client, move):
    case = _release(move)
    log_in(client, move["vo_ib"].user, move["vo_ib"])
    assert client.get(f"/overstappen/{case.pk}/").status_code == 200  # it knows the pupil is coming
    assert client.get(f"/overstappen/{case.pk}/overdracht/").status_code == 404  # but not what is in it
    record_inzage(move["ib"].user, case, TODAY, by_name="Moeder")
    waive_family_view(move["ib"].user, case)
    change_status(move["ib"].user, case, Status.VERZONDEN)
    page = client.get(f"/overstappen/{case.pk}/overdracht/").content.decode()
    assert "Heeft baat bij een rekenmachine" in page and "Vader werkt" not in page
    case.refresh_from_db()
    assert case.status == Status.GEOPEND
    # A school that is not involved never sees it.
    other = _acting(MembershipFactory(organisation=OrganisationFactory(type=T.VO), role="ib"))
    log_in(client, other.user, other)
    assert client.get(f"/overstappen/{case.pk}/overdracht/").status_code == 404


def test_the_receiver_cannot_take_the_senders_steps_and_vice_versa(move):
    case = _release(move)
    with pytest.raises(ValidationError) as error:
        change_status(move["vo_ib"].user, case, Status.VERZONDEN)
    assert "andere school" in error.value.message_dict["status"][0]
    record_inzage(move["ib"].user, case, TODAY, by_name="Moeder")
    waive_family_view(move["ib"].user, case)
    case = change_status(move["ib"].user, case, Status.VERZONDEN)
    with pytest.raises(ValidationError):
        change_status(move["ib"].user, case, Status.ONTVANGEN)
    outsider = _acting(MembershipFactory(organisation=OrganisationFactory(type=T.VO), role="ib"))
    with pytest.raises(PermissionDenied):
        change_status(outsider.user, case, Status.ONTVANGEN)


def test_escalation_when_nobody_opened_it_before_the_start(move):
    case = _send(move)
    assert escalate_unopened(today=TODAY, days=5) == []  # start is ten days away
    raised = escalate_unopened(today=TODAY, days=14)
    assert [s.case_id for s in raised] == [case.pk] and raised[0].owner == move["vo"]
    assert escalate_unopened(today=TODAY, days=14) == []  # once is enough
    kinds = set(Notification.objects.filter(kind="niet_geopend").values_list("organisation__name", flat=True))
    assert kinds == {"De Regenboog", "Lindendal College", "SWV VO Lindendal"}
    open_handover(move["vo_ib"].user, case)
    assert Signal.objects.get().status == SignalStatus.AFGEHANDELD  # closed by itself: the cause is gone


def test_escalation_command(move, capsys):
    _send(move)
    call_command("escalate_handovers", "--today", (TODAY + datetime.timedelta(days=1)).isoformat())
    assert "1 signal(s) raised" in capsys.readouterr().out


def test_placement_and_start_move_the_school_career(move):
    case = _send(move)
    open_handover(move["vo_ib"].user, case)
    case = change_status(move["vo_ib"].user, case, Status.GEPLAATST)
    case = change_status(move["vo_ib"].user, case, Status.GESTART)
    enrolments = Enrolment.objects.filter(pupil=move["pupil"]).order_by("start_date")
    assert [e.organisation for e in enrolments] == [move["school"], move["vo"]]
    assert enrolments[0].end_date is not None and enrolments[1].programme == "lwoo"


def test_conditions_decide_which_items_apply(move):
    checklist = {item.key: item.applies for item in move["case"].checklist.all()}
    assert checklist["aanmelding"] is True
    assert checklist["swv-besluiten"] is True  # the pupil goes to LWOO
    assert checklist["jeugdhulp"] is False  # no youth care
    assert checklist["thuissituatie"] is None  # for the school to judge


def test_a_meeting_draws_its_agenda_from_released_attention_points(move):
    case = _send(move)
    agenda = agenda_for(move["ib"].user, case)
    assert "Onderwijs- en ondersteuningsbehoeften: Rekenen" in agenda and "Thuis:" not in agenda
    meeting = record_meeting(
        move["vo_ib"].user,
        case,
        kind="warme_overdracht",
        held_on=TODAY,
        participants=[{"name": "Sem", "role": "leerling"}, {"name": "Moeder", "role": "ouder"}],
        agreements=[{"text": "Rekenmachine bij toetsen", "owner_name": "Mentor 1A", "due_on": TODAY}],
    )
    assert meeting.agreements.get().owner_name == "Mentor 1A"
    assert Notification.objects.filter(organisation=move["school"], kind="overleg").exists()
    with pytest.raises(ValidationError) as error:
        record_meeting(
            move["vo_ib"].user,
            case,
            kind="mdo_zat",
            held_on=TODAY,
            participants=[],
            agreements=[{"text": "x", "owner_name": "", "due_on": None}],
        )
    assert set(error.value.message_dict) == {"participants", "agreements"}


def test_the_mentor_note_refuses_a_stale_save(move):
    case = _send(move)
    open_handover(move["vo_ib"].user, case)
    save_mentor_note(move["vo_ib"].user, case, "Zet Sem vooraan.", 0)
    with pytest.raises(StaleNote) as stale:
        save_mentor_note(move["vo_ib"].user, case, "Andere tekst.", 0)
    assert stale.value.current.text == "Zet Sem vooraan."


def test_the_new_mentor_reads_the_one_page_handover(client, move):
    case = _send(move)
    mentor = _acting(MembershipFactory(organisation=move["vo"], role="mentor"))
    log_in(client, mentor.user, mentor)
    assert client.get(f"/overstappen/{case.pk}/mentor/").status_code == 404  # not opened yet
    open_handover(move["vo_ib"].user, case)
    save_mentor_note(move["vo_ib"].user, case, "Zet Sem vooraan.", 0)
    page = client.get(f"/overstappen/{case.pk}/mentor/").content.decode()
    assert "Zet Sem vooraan." in page and "rekenmachine" in page
    assert client.post(f"/overstappen/{case.pk}/mentor/", {"text": "x", "version": 1}).status_code == 404
    assert client.get(f"/overstappen/{case.pk}/overdracht/").status_code == 404  # the full handover is not theirs


def test_two_editors_of_the_mentor_note_via_the_page(client, move):
    case = _send(move)
    open_handover(move["vo_ib"].user, case)
    log_in(client, move["vo_ib"].user, move["vo_ib"])
    client.post(f"/overstappen/{case.pk}/mentor/", {"text": "Eerste versie.", "version": 0})
    response = client.post(f"/overstappen/{case.pk}/mentor/", {"text": "Mijn eigen tekst.", "version": 0})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Eerste versie." in page and "Mijn eigen tekst." in page


def test_parents_of_a_pupil_of_16_do_not_read_the_sensitive_sections(client, move):
    pupil = move["pupil"]
    pupil.birth_date = TODAY.replace(year=TODAY.year - 16) - datetime.timedelta(days=1)
    pupil.save()
    youth = FamilyLinkFactory(pupil=pupil, relation=Relation.PUPIL, legal_representative=False).user
    give_consent(youth, pupil, "jeugdhulp", move["vo"])
    case = _release(move, ("ondersteuningsbehoeften", "jeugdhulp"))
    from overstap.dossiers.models import YouthCare

    YouthCare.objects.create(
        pupil=pupil,
        organisation=move["school"],
        provider="Jeugdhulp Rivierland",
        care_type="ambulant",
        start_on=TODAY,
        recorded_by_name="IB'er",
    )
    log_in(client, move["parent"])
    page = client.get(f"/overstappen/{case.pk}/overdracht/").content.decode()
    assert "Heeft baat bij een rekenmachine" in page and "Jeugdhulp Rivierland" not in page
    log_in(client, youth)
    assert "Jeugdhulp Rivierland" in client.get(f"/overstappen/{case.pk}/overdracht/").content.decode()


def test_the_receiving_school_learns_nothing_of_the_content_before_sending(client, move):
    case = _release(move, ("ondersteuningsbehoeften", "thuissituatie"))
    record_meeting(
        move["ib"].user,
        case,
        kind="mdo_zat",
        held_on=TODAY,
        participants=[{"name": "Jeugdarts", "role": "overig"}],
        agreements=[],
    )
    log_in(client, move["vo_ib"].user, move["vo_ib"])
    page = client.get(f"/overstappen/{case.pk}/").content.decode()
    assert "Wat meegaat" not in page and "Checklist" not in page and "toestemming voor" not in page
    assert "Multidisciplinair overleg" not in page
    agenda = client.get(f"/overstappen/{case.pk}/overleg/nieuw/").content.decode()
    assert "Rekenen" not in agenda
    assert not Notification.objects.filter(organisation=move["vo"], kind="overleg").exists()


def test_a_second_first_read_and_a_late_view_change_nothing(move):
    case = _send(move)
    open_handover(move["vo_ib"].user, case)
    open_handover(move["vo_ib"].user, case)  # the page and the PDF at once: recorded once, no error
    with pytest.raises((ValidationError, PermissionDenied)):
        confirm_inzage(move["parent"], case, verdict="eens", text="Te laat.")
    assert current_handover(case).content["family_view"] == ""


def test_withdrawing_closes_the_signal_and_another_school_needs_a_new_transition(client, move):
    case = _send(move)
    escalate_unopened(today=TODAY, days=14)
    change_status(move["ib"].user, case, Status.GEEN_PLEK)
    log_in(client, move["ib"].user, move["ib"])
    other_vo = OrganisationFactory(type=T.VO, name="Het Andere Lyceum")
    case.refresh_from_db()
    response = client.post(
        f"/overstappen/{case.pk}/school/", {"to_organisation": other_vo.pk, "version": case.version}, follow=True
    )
    assert "trek anders deze overstap in" in response.content.decode()
    case.refresh_from_db()
    assert case.to_organisation == move["vo"]
    with pytest.raises(ValidationError) as error:
        change_status(move["ib"].user, case, Status.AANGEMELD)
    assert "is al verzonden" in error.value.message_dict["status"][0]
    change_status(move["ib"].user, case, Status.INGETROKKEN)
    assert Signal.objects.get(kind=SignalKind.NIET_GEOPEND).status == SignalStatus.AFGEHANDELD


def test_an_inspection_without_a_date_is_refused_with_the_field_named(client, move):
    case = _release(move)
    log_in(client, move["ib"].user, move["ib"])
    response = client.post(f"/overstappen/{case.pk}/inzage/", {"by_name": "Moeder"}, follow=True)
    assert "Gelezen op:" in response.content.decode()
    assert current_handover(case).inzage_on is None
