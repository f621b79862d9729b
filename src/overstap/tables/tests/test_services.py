"""Convening, the proposed list, editing by two people at once, the workflow, and the overdue agreement that becomes a
signal and closes itself when done."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from overstap.monitoring import engine
from overstap.monitoring.models import Signal, SignalKind, SignalStatus
from overstap.testing.factories import log_in

from .. import services
from ..models import Agreement, Status, TablePupil
from ..workflow import change_status
from .conftest import TODAY


def test_the_proposal_takes_the_open_signals_and_the_moves_the_convener_may_see(region):
    tafel = region["tafel"]
    TablePupil.objects.filter(tafel=tafel).delete()
    consultant = region["people"]["consultant"].user
    # Anna from the region's open signal; Bram from the ROC coach's caseload, proposed to the ROC he moves to.
    assert services.propose(consultant, tafel) == 2
    row = TablePupil.objects.get(tafel=tafel, pupil=region["pupils"]["anna"])
    assert (row.source, row.signal_kinds) == ("signaal", ["geen_plek"])
    bram = TablePupil.objects.get(tafel=tafel, pupil=region["pupils"]["bram"])
    assert (bram.source, bram.proposed_to) == ("coaching", region["orgs"]["roc"])
    assert not TablePupil.objects.filter(tafel=tafel, pupil=region["pupils"]["emre"]).exists()
    # Proposing again adds nothing; a pupil taken off the list stays off.
    services.remove_pupil(consultant, row, "Heeft zich inmiddels aangemeld.")
    assert services.propose(consultant, tafel) == 0
    assert TablePupil.objects.get(pk=row.pk).removed_reason == "Heeft zich inmiddels aangemeld."


def test_removing_needs_a_reason_named_by_its_field(region):
    with pytest.raises(ValidationError) as error:
        services.remove_pupil(region["people"]["consultant"].user, region["rows"]["anna"], "  ")
    assert "reason" in error.value.message_dict


def test_only_pupils_the_convener_may_see_can_be_added(region):
    consultant = region["people"]["consultant"].user
    tafel = region["tafel"]
    with pytest.raises(PermissionDenied):
        services.add_pupil(consultant, tafel, region["pupils"]["emre"])
    row = services.add_pupil(consultant, tafel, region["pupils"]["anna"])
    assert row.pk == region["rows"]["anna"].pk


def test_two_people_saving_the_same_pupil_at_once_lose_nothing(region):
    consultant = region["people"]["consultant"].user
    row = region["rows"]["anna"]
    services.update_row(consultant, row, services.RowData("Aanmelding ROC loopt.", "Intake in mei"), row.version)
    with pytest.raises(services.EditConflict) as conflict:
        services.update_row(consultant, row, services.RowData("Andere tekst", ""), row.version)
    assert conflict.value.current.outcome == "Aanmelding ROC loopt."


def test_leerplicht_as_convener_cannot_overwrite_the_support_note_it_does_not_see(region):
    from ..models import Overstaptafel

    municipality = region["orgs"]["gemeente"]
    Overstaptafel.objects.filter(pk=region["tafel"].pk).update(convener=municipality)
    leerplicht = region["people"]["leerplicht"].user
    row = TablePupil.objects.get(pk=region["rows"]["chaima"].pk)
    services.update_row(leerplicht, row, services.RowData("Plaatsing ROC", "", None, "weg ermee"), row.version)
    assert TablePupil.objects.get(pk=row.pk).support_note == "Heeft een rustige plek nodig."


def test_the_workflow_moves_planned_held_minutes_closed_and_cancel_needs_a_reason(region):
    consultant = region["people"]["consultant"].user
    tafel = region["tafel"]
    with pytest.raises(ValidationError) as error:
        change_status(consultant, tafel, Status.MINUTES_CLOSED)
    assert "status" in error.value.message_dict
    tafel = change_status(consultant, tafel, Status.HELD)
    tafel = change_status(consultant, tafel, Status.MINUTES_CLOSED)
    assert tafel.status == Status.MINUTES_CLOSED
    with pytest.raises(ValidationError):
        services.add_pupil(consultant, tafel, region["pupils"]["anna"])


def test_a_tafel_in_the_future_cannot_be_held_yet_and_a_cancellation_needs_a_reason(region):
    consultant = region["people"]["consultant"].user
    tafel = region["tafel"]
    type(tafel).objects.filter(pk=tafel.pk).update(held_on=TODAY + datetime.timedelta(days=30))
    with pytest.raises(ValidationError):
        change_status(consultant, tafel, Status.HELD)
    with pytest.raises(ValidationError) as error:
        change_status(consultant, tafel, Status.CANCELLED)
    assert "note" in error.value.message_dict


def test_a_participant_cannot_change_the_status(region):
    with pytest.raises(ValidationError):
        change_status(region["people"]["college_ib"].user, region["tafel"], Status.HELD)
    with pytest.raises(PermissionDenied):
        change_status(region["people"]["far_ib"].user, region["tafel"], Status.HELD)


def test_an_overdue_agreement_becomes_a_signal_for_its_owner_and_closes_itself_when_done(region):
    consultant = region["people"]["consultant"].user
    row = region["rows"]["anna"]
    college = region["orgs"]["college"]
    agreement = services.add_agreement(
        consultant, row, what="Aanmelding bij het ROC regelen", owner=college, due_on=TODAY - datetime.timedelta(days=1)
    )
    signal = Signal.objects.get(kind=SignalKind.TAFEL_AFSPRAAK)
    assert (signal.owner, signal.owner_role, signal.status) == (college, "ib", SignalStatus.OPEN)
    assert "Aanmelding" not in signal.cause  # the cause names dates, never what was agreed
    assert signal.handled_where() == f"/overstaptafels/{row.tafel_id}/#afspraak-{agreement.pk}"
    college_ib = region["people"]["college_ib"].user
    assert Signal.objects.for_user(college_ib, "view").filter(pk=signal.pk).exists()
    assert not Signal.objects.for_user(region["people"]["roc_zorg"].user, "view").filter(pk=signal.pk).exists()
    # The daily run keeps it; marking the agreement done closes it, with the reason.
    assert engine.sync(SignalKind.TAFEL_AFSPRAAK, TODAY).open == 1
    services.complete_agreement(college_ib, agreement)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.AFGEHANDELD
    assert "gedaan" in signal.closed_reason or "done" in signal.closed_reason
    assert Agreement.objects.get(pk=agreement.pk).done_on == TODAY


def test_an_agreement_not_yet_due_raises_nothing_and_an_outsider_cannot_mark_it_done(region):
    consultant = region["people"]["consultant"].user
    agreement = services.add_agreement(
        consultant,
        region["rows"]["bram"],
        what="Intake plannen",
        owner=region["orgs"]["roc"],
        due_on=TODAY + datetime.timedelta(days=5),
    )
    assert not Signal.objects.filter(kind=SignalKind.TAFEL_AFSPRAAK).exists()
    with pytest.raises(ValidationError):  # the lyceum sees Bram, but the agreement is the ROC's
        services.complete_agreement(region["people"]["lyceum_zorg"].user, agreement)
    with pytest.raises(PermissionDenied):
        services.complete_agreement(region["people"]["college_ib"].user, agreement)


def test_an_agreement_needs_an_owner_that_takes_part(region):
    with pytest.raises(ValidationError) as error:
        services.add_agreement(
            region["people"]["consultant"].user,
            region["rows"]["anna"],
            what="Iets",
            owner=region["orgs"]["far"],
            due_on=TODAY,
        )
    assert "owner" in error.value.message_dict


def test_bad_input_on_the_agreement_form_gets_a_dutch_message_naming_the_field(region):
    client = Client()
    membership = region["people"]["consultant"]
    log_in(client, membership.user, membership)
    row = region["rows"]["anna"]
    response = client.post(
        reverse("tables:agreement-add", kwargs={"pk": row.pk}),
        {f"afspraak-{row.pk}-what": "", f"afspraak-{row.pk}-owner": "", f"afspraak-{row.pk}-due_on": "31-02-2027"},
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Wat:" in page and "Wie:" in page and "Voor:" in page
    assert not Agreement.objects.exists()


def _convener_client(region):
    client = Client()
    membership = region["people"]["consultant"]
    log_in(client, membership.user, membership)
    return client


def test_a_second_editor_is_told_and_sees_what_the_first_saved(region):
    client = _convener_client(region)
    row = region["rows"]["anna"]
    url = reverse("tables:row", kwargs={"pk": row.pk})
    first = {"outcome": "Intake bij het ROC op 12 mei.", "next_step": "", "proposed_to": "", "version": row.version}
    assert client.post(url, first).status_code == 302
    second = {"outcome": "Andere tekst", "next_step": "", "proposed_to": "", "version": row.version}
    response = client.post(url, second, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Iemand heeft deze leerling intussen opgeslagen" in page
    assert "Intake bij het ROC op 12 mei." in page  # the first editor's text is on the page
    assert TablePupil.objects.get(pk=row.pk).outcome == "Intake bij het ROC op 12 mei."


def test_the_tafel_page_sends_as_many_queries_for_many_pupils_as_for_a_few(region, django_assert_max_num_queries):
    from overstap.testing.factories import EnrolmentFactory, PupilFactory

    client = _convener_client(region)
    consultant = region["people"]["consultant"].user
    url = reverse("tables:detail", kwargs={"pk": region["tafel"].pk})
    services.add_agreement(
        consultant, region["rows"]["anna"], what="Bellen", owner=region["orgs"]["college"], due_on=TODAY
    )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(8):
        pupil = PupilFactory(given_names=f"Extra{number}", family_name="Lid")
        EnrolmentFactory(
            pupil=pupil, organisation=region["orgs"]["college"], start_date=TODAY.replace(year=TODAY.year - 3)
        )
        extra = TablePupil.objects.create(tafel=region["tafel"], pupil=pupil, source="toegevoegd", added_by_name="C")
        Agreement.objects.create(
            row=extra, what="Iets", owner=region["orgs"]["college"], due_on=TODAY, created_by_name="C"
        )
        Signal.objects.create(  # the region's signal lets the consultant see the pupil
            kind=SignalKind.GEEN_PLEK,
            pupil=pupil,
            owner=region["orgs"]["college"],
            owner_role="ib",
            cause="Examenjaar: niet aangemeld bij een mbo.",
            cause_key=f"exam:{pupil.pk}",
            raised_on=TODAY,
        )
    assert TablePupil.objects.for_user(consultant, "view").filter(tafel=region["tafel"]).count() == 10
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_an_agreement_for_a_person_raises_the_signal_for_that_persons_role(region):
    consultant = region["people"]["consultant"].user
    decaan = region["people"]["college_decaan"]
    with pytest.raises(ValidationError) as error:
        services.add_agreement(
            consultant,
            region["rows"]["anna"],
            what="Open dag ROC",
            owner=region["orgs"]["lyceum"],
            owner_person=decaan,
            due_on=TODAY,
        )
    assert "owner_person" in error.value.message_dict
    services.add_agreement(
        consultant,
        region["rows"]["anna"],
        what="Open dag ROC",
        owner=region["orgs"]["college"],
        owner_person=decaan,
        due_on=TODAY - datetime.timedelta(days=3),
    )
    signal = Signal.objects.get(kind=SignalKind.TAFEL_AFSPRAAK)
    assert signal.owner_role == "decaan"
    assert Signal.objects.for_user(decaan.user, "view").filter(pk=signal.pk).exists()
