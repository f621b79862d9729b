"""The monitoring's "at home" signal follows the register: after the daily run the open signals are exactly the
pupils the register counts, per leerplicht officer too; changes raise and close them at once."""

import pytest
from django.urls import reverse

from overstap.monitoring import engine
from overstap.monitoring.models import NOT_HANDLED, Signal, SignalKind, SignalStatus
from overstap.pupils.models import Enrolment, Pupil
from overstap.testing.factories import EnrolmentFactory, MembershipFactory, OrganisationFactory
from overstap.thuiszitters import definition, services
from overstap.thuiszitters.models import AbsenceReport
from overstap.thuiszitters.selectors import register_for
from overstap.transitions.models import Status
from overstap.transitions.workflow import change_status, open_case

from .conftest import COUNTED, TODAY, acting, days

pytestmark = pytest.mark.django_db


def _open():
    return Signal.objects.filter(kind=SignalKind.THUISZITTER, status__in=NOT_HANDLED)


def test_register_count_equals_open_thuiszitter_signals(town):
    engine.run_all(TODAY)
    assert definition.counted(Pupil.objects.all()).count() == _open().count() == len(COUNTED)
    assert set(_open().values_list("pupil_id", flat=True)) == set(
        definition.counted(Pupil.objects.all()).values_list("pk", flat=True)
    )
    for area in ("a", "b"):
        officer = town[area]["leerplicht"].user
        seen = Signal.objects.for_user(officer, "list").filter(kind=SignalKind.THUISZITTER, status__in=NOT_HANDLED)
        assert register_for(officer).count() == seen.count() > 0
    # Idempotent: a second run raises nothing and keeps the same.
    assert engine.run_all(TODAY, SignalKind.THUISZITTER)[SignalKind.THUISZITTER] == {
        "raised": 0,
        "closed": 0,
        "open": len(COUNTED),
    }


def test_the_signal_is_leerplichts_and_links_to_the_route(town):
    engine.run_all(TODAY)
    signal = _open().get(pupil=town["p"]["absent6"])
    assert (signal.owner, signal.owner_role) == (town["a"]["gemeente"], "leerplicht")
    assert signal.cause == f"Sinds {days(42):%d-%m-%Y} ongeoorloofd afwezig: vier weken of langer."
    assert signal.handled_where() == reverse("thuiszitters:route", kwargs={"pupil_pk": signal.pupil_id})


def test_a_pupil_without_municipality_is_the_schools(town):
    pupil = town["p"]["absent6"]
    Pupil.objects.filter(pk=pupil.pk).update(municipality=None)
    engine.run_all(TODAY)
    signal = _open().get(pupil=pupil)
    assert (signal.owner, signal.owner_role) == (town["a"]["vo"], "ib")


def test_ending_the_absence_closes_the_signal_at_once(town):
    engine.run_all(TODAY)
    report = AbsenceReport.objects.get(pupil=town["p"]["absent6"])
    services.end_absence(town["a"]["zorgcoordinator"].user, report, to_date=TODAY)
    assert not _open().filter(pupil=town["p"]["absent6"]).exists()
    closed = Signal.objects.get(pupil=town["p"]["absent6"], kind=SignalKind.THUISZITTER)
    assert closed.status == SignalStatus.AFGEHANDELD and closed.closed_automatically


def test_a_new_enrolment_closes_it_and_an_ended_one_raises_it(town):
    engine.run_all(TODAY)
    unenrolled = town["p"]["unenrolled"]
    enrolment = EnrolmentFactory(pupil=unenrolled, organisation=town["a"]["vo"], start_date=TODAY)
    assert not _open().filter(pupil=unenrolled).exists()
    enrolment.end_date = TODAY - __import__("datetime").timedelta(days=1)
    enrolment.save()
    assert _open().filter(pupil=unenrolled).exists()
    assert Enrolment.objects.filter(pupil=unenrolled).count() == 2


def test_a_case_set_to_thuiszitter_is_an_absence_from_that_day(town):
    """The status of a move counts by the same definition: the pupil without a school left counts at once."""
    a = town["a"]
    pupil = town["p"]["absent2"]
    AbsenceReport.objects.filter(pupil=pupil).delete()
    sender = acting(MembershipFactory(organisation=a["vo"], role="ib"))
    case = change_status(sender.user, open_case(sender.user, pupil, OrganisationFactory(type="vo")), Status.GEEN_PLEK)
    change_status(sender.user, case, Status.THUISZITTER)
    report = AbsenceReport.objects.get(pupil=pupil)
    assert (report.kind, report.from_date, report.school) == ("ongeoorloofd", TODAY, a["vo"])
    # Still enrolled at the sending school: it counts after four weeks, like any absence.
    assert definition.is_counted(pupil) is None
    Enrolment.objects.filter(pupil=pupil).update(end_date=days(1))
    services.resync(pupil)
    assert _open().filter(pupil=pupil).exists()


def test_a_pupil_enrolled_nowhere_gets_one_signal_the_thuiszitter_one(town):
    """Enrolled nowhere is "no place" and "thuiszitter" at once; leerplicht gets one piece of work, named by the
    register's definition, not two signals about the same pupil."""
    engine.run_all(TODAY)
    unenrolled = town["p"]["unenrolled"]
    open_signals = Signal.objects.filter(pupil=unenrolled, status__in=NOT_HANDLED)
    assert list(open_signals.values_list("kind", flat=True)) == [SignalKind.THUISZITTER]
    assert open_signals.get().cause == f"Sinds {days(30):%d-%m-%Y} op geen enkele school ingeschreven."
    # The adult of 19 enrolled nowhere is no thuiszitter and of no compulsory age: neither signal.
    assert not Signal.objects.filter(pupil=town["p"]["adult"], kind=SignalKind.GEEN_PLEK).exists()
    # Idempotent: another run raises nothing of either kind.
    again = engine.run_all(TODAY)
    assert again[SignalKind.GEEN_PLEK]["raised"] == again[SignalKind.THUISZITTER]["raised"] == 0


def test_a_no_place_signal_closes_when_the_pupil_becomes_a_thuiszitter_and_says_where_the_work_went(town):
    a = town["a"]
    pupil = town["p"]["absent2"]
    sender = acting(MembershipFactory(organisation=a["vo"], role="ib"))
    change_status(sender.user, open_case(sender.user, pupil, OrganisationFactory(type="vo")), Status.GEEN_PLEK)
    engine.run_all(TODAY)
    no_place = Signal.objects.get(pupil=pupil, kind=SignalKind.GEEN_PLEK, status__in=NOT_HANDLED)
    assert not _open().filter(pupil=pupil).exists()  # still enrolled, absent two weeks: no thuiszitter yet
    Enrolment.objects.filter(pupil=pupil).update(end_date=days(1))
    engine.run_all(TODAY)
    no_place.refresh_from_db()
    assert no_place.status == SignalStatus.AFGEHANDELD and no_place.closed_automatically
    note = no_place.events.order_by("-pk").first().note
    assert note == "Vanzelf gesloten: de leerling heeft nu het signaal “Thuiszitter”, dat dit werk overneemt."
    assert list(Signal.objects.filter(pupil=pupil, status__in=NOT_HANDLED).values_list("kind", flat=True)) == [
        SignalKind.THUISZITTER
    ]
