"""The signal's workflow pair by pair, and the services that act on it: who may take a signal on, record on it and
close it, with the history row and the audit event written in the same transaction."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from overstap.audit.models import Action, AuditEvent
from overstap.monitoring import services
from overstap.monitoring.models import Signal, SignalKind, SignalStatus
from overstap.monitoring.workflow import ALLOWED, change_status
from overstap.pupils.models import Pupil

from .conftest import TODAY

pytestmark = pytest.mark.django_db
S = SignalStatus


def _signal(world, status=S.OPEN, kind=SignalKind.NIET_GEOPEND, **fields) -> Signal:
    values = {
        "kind": kind,
        "pupil": world["pupil"],
        "owner": world["vo"],
        "owner_role": "ib",
        "cause": "De overdracht is nog niet geopend.",
        "cause_key": f"test:{Signal.objects.count()}",
        "raised_on": TODAY,
        "status": status,
        **fields,
    }
    return Signal.objects.create(**values)


@pytest.mark.parametrize(("old", "new"), list(itertools.product(S.values, S.values)))
def test_every_pair_of_the_map(world, old, new):
    signal = _signal(world, old)
    note = "Met moeder gebeld."
    if new in ALLOWED[old]:
        changed = change_status(world["vo_ib"].user, signal, new, note=note)
        assert changed.status == new
        event = changed.events.get()
        assert (event.from_status, event.to_status, event.by_name) == (old, new, str(world["vo_ib"].user))
        assert AuditEvent.objects.filter(action=Action.STATUS_CHANGE, object_id=str(signal.pk)).count() == 1
    else:
        with pytest.raises(ValidationError) as error:
            change_status(world["vo_ib"].user, signal, new, note=note)
        assert "kan het signaal niet naar" in error.value.message_dict["status"][0]
        signal.refresh_from_db()
        assert signal.status == old and not signal.events.exists()


def test_the_map_is_the_one_of_the_issue():
    assert {
        S.OPEN: {S.IN_BEHANDELING, S.AFGEHANDELD},
        S.IN_BEHANDELING: {S.AFGEHANDELD, S.OPEN},
        S.AFGEHANDELD: set(),
    } == ALLOWED


def test_closing_by_hand_needs_a_note_of_what_was_done(world):
    signal = _signal(world)
    with pytest.raises(ValidationError) as error:
        services.close(world["vo_ib"].user, signal, note=" ")
    assert error.value.message_dict["note"][0].startswith("Wat is er gedaan:")
    closed = services.close(world["vo_ib"].user, signal, note="Overdracht samen geopend.")
    assert closed.closed_reason == "Overdracht samen geopend." and not closed.closed_automatically


def test_take_on_record_and_close(world):
    signal = services.take_on(world["vo_ib"].user, _signal(world), note="Ik pak dit op.")
    assert signal.status == S.IN_BEHANDELING
    event = services.record_action(
        world["vo_ib"].user, signal, note="Ouders gebeld, afspraak op school.", next_on=TODAY + datetime.timedelta(7)
    )
    assert event.to_status == "" and event.next_on == TODAY + datetime.timedelta(7)
    signal.refresh_from_db()
    assert signal.status == S.IN_BEHANDELING  # recording changes no status
    services.close(world["vo_ib"].user, signal, note="Leerling is begonnen.")
    assert [e.to_status for e in signal.events.all()] == [S.IN_BEHANDELING, "", S.AFGEHANDELD]
    with pytest.raises(ValidationError):
        services.record_action(world["vo_ib"].user, signal, note="Te laat.")


def test_only_the_owner_handles_and_others_who_see_it_are_told(world):
    signal = _signal(world, case=None)
    with pytest.raises(PermissionDenied):
        services.take_on(world["ib"].user, signal)  # the primary school has nothing to do with this one
    from overstap.transitions.workflow import open_case

    signal.case = open_case(world["ib"].user, world["pupil"], world["vo"])
    signal.save()
    with pytest.raises(ValidationError) as error:
        services.take_on(world["ib"].user, signal)  # it sees the signal about its case, but does not own it
    assert "eigenaar" in error.value.message_dict["status"][0]
    with pytest.raises(ValidationError):
        services.record_action(world["ib"].user, signal, note="Gebeld.")


def test_leerplicht_and_rmc_record_on_the_attendance_signals_of_the_pupils_they_follow(town):
    signal = _signal(town, kind=SignalKind.THUISZITTER, owner=town["municipality"], owner_role="leerplicht")
    with pytest.raises(PermissionDenied):  # the pupil is 12: leerplicht's, not the RMC's
        services.record_action(town["rmc"].user, signal, note="Gesprek met ouders gepland.")
    services.record_action(town["leerplicht"].user, signal, note="Gesprek met ouders gepland.")
    assert services.take_on(town["leerplicht"].user, signal).status == S.IN_BEHANDELING
    # From 18 the RMC follows the young person and records on a signal another role owns, without handling it.
    Pupil.objects.filter(pk=town["pupil"].pk).update(birth_date=TODAY.replace(year=TODAY.year - 19))
    older = _signal(
        town, kind=SignalKind.GEEN_PLEK, owner=town["municipality"], owner_role="leerplicht", cause_key="x:1"
    )
    services.record_action(town["rmc"].user, older, note="Jongere gebeld.")
    with pytest.raises(ValidationError):
        services.take_on(town["rmc"].user, older)
    support = _signal(town, kind=SignalKind.TLV_EINDIGT, owner=town["swv"], owner_role="swv_consulent")
    with pytest.raises(PermissionDenied):
        services.record_action(town["rmc"].user, support, note="Gebeld.")
    assert services.take_on(town["consultant"].user, support).status == S.IN_BEHANDELING


def test_youth_care_signals_need_the_familys_consent_to_that_school(town):
    from django.utils import timezone

    from overstap.authz.policy import can
    from overstap.consent.models import Consent

    signal = _signal(town, kind=SignalKind.JEUGDHULP_18, owner=town["school"], owner_role="ib", cause_key="care:1")
    assert not can(town["ib"].user, "view", signal)
    Consent.objects.create(
        pupil=town["pupil"],
        category="jeugdhulp",
        recipient=town["school"],
        given_by=town["parent"],
        given_by_name="Moeder",
        given_as="wettelijk_vertegenwoordiger",
        given_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert can(town["ib"].user, "view", signal) and can(town["ib"].user, "handle", signal)
    assert not can(town["leerplicht"].user, "view", signal) and not can(town["consultant"].user, "view", signal)
