"""Each kind of signal: raised once from a real finding, not raised twice, and closed by itself when the cause is
gone (with a reason in its history)."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from overstap.dossiers.models import ADULT_CARE, CareTransition, YouthCare
from overstap.monitoring import engine
from overstap.monitoring.dates import add_months, po_vo_registration, school_year_start
from overstap.monitoring.models import Signal, SignalKind, SignalStatus
from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Enrolment, Pupil
from overstap.testing.factories import EnrolmentFactory, OrganisationFactory, PupilFactory
from overstap.transitions.models import Feedback, Moment, Status, TransitionCase
from overstap.transitions.workflow import change_status, open_case

from .conftest import TODAY, YEAR, tlv

pytestmark = pytest.mark.django_db
T = OrganisationType


def _set(case, status, **fields):
    """Puts a case in a status for the test (the workflow's own steps are tested in transitions)."""
    TransitionCase.objects.filter(pk=case.pk).update(status=status, **fields)
    case.refresh_from_db()
    return case


def _cycle(kind, day, gone, *, pupil=None):
    """Raise, run again (nothing new), remove the cause, run again (closed by itself). Returns the signal."""
    first = engine.sync(kind, day, pupil=pupil)
    assert first.raised == 1, first
    assert engine.sync(kind, day, pupil=pupil).raised == 0  # idempotent
    signal = Signal.objects.get(kind=kind)
    assert signal.status == SignalStatus.OPEN and signal.events.count() == 1
    gone()
    closed = engine.sync(kind, day, pupil=pupil)
    assert closed.closed == 1 and closed.open == 0, closed
    signal.refresh_from_db()
    assert signal.status == SignalStatus.AFGEHANDELD and signal.closed_automatically
    assert signal.closed_reason == "Vanzelf gesloten: de oorzaak is weg."
    assert signal.events.last().automatic
    assert engine.sync(kind, day, pupil=pupil).raised == 0
    return signal


def _case(world, to=None, **fields):
    case = open_case(world["ib"].user, world["pupil"], to if to is not None else world["vo"])
    return _set(case, fields.pop("status", case.status), **fields)


def test_a_case_without_a_place(town):
    case = _case(town, status=Status.GEEN_PLEK)
    signal = _cycle(SignalKind.GEEN_PLEK, TODAY, lambda: _set(case, Status.AANGEMELD))
    assert signal.owner == town["municipality"] and signal.owner_role == "leerplicht"
    assert signal.case == case and signal.cause_key == f"case:{case.pk}"


def test_an_enrolment_that_ended_with_no_next_one(town):
    # A pupil of 17 with a startkwalificatie: no thuiszitter (no duty left), so the no-place signal is theirs, the
    # school's. A pupil of compulsory school age gets the thuiszitter signal instead (the test below).
    Pupil.objects.filter(pk=town["pupil"].pk).update(
        birth_date=TODAY.replace(year=TODAY.year - 17) - datetime.timedelta(days=30),
        startkwalificatie_on=TODAY - datetime.timedelta(days=60),
    )
    enrolment = Enrolment.objects.get(pupil=town["pupil"])
    Enrolment.objects.filter(pk=enrolment.pk).update(end_date=TODAY - datetime.timedelta(days=3))
    signal = _cycle(
        SignalKind.GEEN_PLEK,
        TODAY,
        # bulk_create sends no post_save: the engine's run closes it here (the event path is tested below).
        lambda: Enrolment.objects.bulk_create(
            [Enrolment(pupil=town["pupil"], organisation=town["vo"], start_date=TODAY)]
        ),
    )
    assert signal.cause_key == f"enrolment:{enrolment.pk}" and signal.owner == enrolment.organisation


def deadlines_default(year: int) -> datetime.date:
    month, day = (int(part) for part in settings.OVERSTAP_PO_VO_REGISTRATION_BY.split("-"))
    return datetime.date(year + 1, month, day)


def test_an_adult_whose_enrolment_ended_is_not_of_compulsory_school_age(town):
    adult = PupilFactory(birth_date=TODAY.replace(year=TODAY.year - 19))
    EnrolmentFactory(
        pupil=adult, organisation=town["vo"], start_date=TODAY.replace(year=TODAY.year - 5), end_date=TODAY
    )
    assert engine.sync(SignalKind.GEEN_PLEK, TODAY + datetime.timedelta(days=1)).raised == 0


def test_group_eight_without_a_registration_at_a_vo_school_by_the_registration_date(town):
    # Aged 11 on 1 October of the school year, at a primary school.
    Enrolment.objects.filter(pupil=town["pupil"]).delete()
    town["pupil"].birth_date = datetime.date(YEAR - 11, 6, 1)
    town["pupil"].save()
    EnrolmentFactory(pupil=town["pupil"], organisation=town["school"], start_date=datetime.date(YEAR - 7, 8, 20))
    # The same date as the deadline of a move (OVERSTAP_PO_VO_REGISTRATION_BY), as the region has none of its own.
    before = po_vo_registration(town["school"], YEAR)
    assert before == deadlines_default(YEAR)
    assert engine.sync(SignalKind.GEEN_PLEK, before).raised == 0  # the date has not passed yet
    day = before + datetime.timedelta(days=1)
    case = open_case(town["ib"].user, town["pupil"], town["vo"])
    signal = _cycle(SignalKind.GEEN_PLEK, day, lambda: _set(case, Status.AANGEMELD))
    assert signal.cause_key == f"po8:{town['pupil'].pk}:{YEAR}" and signal.owner == town["school"]


@pytest.mark.parametrize(
    ("group", "age", "in_last_year"),
    [
        ("8", 10, True),  # the school's own group counts over the age: a young pupil in group 8
        ("groep 8b", 12, True),
        ("Groep 8", 11, True),
        ("7", 11, False),  # the age says group 8, the school says group 7
        ("groep 18", 11, False),
        ("", 11, True),  # nothing recorded: by age
        ("", 10, False),
    ],
)
def test_group_eight_is_the_group_the_school_recorded_and_else_the_age(town, group, age, in_last_year):
    Enrolment.objects.filter(pupil=town["pupil"]).delete()
    town["pupil"].birth_date = datetime.date(YEAR - age, 6, 1)
    town["pupil"].save()
    EnrolmentFactory(
        pupil=town["pupil"], organisation=town["school"], start_date=datetime.date(YEAR - 7, 8, 20), group=group
    )
    day = po_vo_registration(town["school"], YEAR) + datetime.timedelta(days=1)
    assert engine.sync(SignalKind.GEEN_PLEK, day).raised == int(in_last_year)


@pytest.mark.parametrize(
    ("group", "age", "exam_year"),
    [
        ("4T", 15, True),
        ("4 vmbo-kb", 16, True),
        ("5H", 16, True),
        ("5 havo", 17, True),
        ("6V", 17, True),
        ("6 gym", 18, True),
        ("4H", 16, False),  # havo 4 is not the exam year
        ("3 vmbo", 16, False),
        ("", 16, True),
        ("", 15, False),
    ],
)
def test_the_exam_year_is_the_class_the_school_recorded_and_else_the_age(town, group, age, exam_year):
    pupil = PupilFactory(birth_date=datetime.date(YEAR - age, 3, 1), municipality=town["municipality"])
    EnrolmentFactory(pupil=pupil, organisation=town["vo"], start_date=datetime.date(YEAR - 4, 8, 20), group=group)
    assert engine.sync(SignalKind.GEEN_PLEK, datetime.date(YEAR + 1, 4, 2), pupil=pupil).raised == int(exam_year)


def test_the_regions_protocol_sets_the_registration_date(town):
    from overstap.transitions.models import ProtocolItem

    Enrolment.objects.filter(pupil=town["pupil"]).delete()
    town["pupil"].birth_date = datetime.date(YEAR - 11, 6, 1)
    town["pupil"].save()
    EnrolmentFactory(pupil=town["pupil"], organisation=town["school"], start_date=datetime.date(YEAR - 7, 8, 20))
    ProtocolItem.objects.create(
        region=town["po_region"],
        transitions=["PO-VO"],
        text="Aanmelden bij de VO-school vóór 15 februari.",
        due_on=datetime.date(YEAR + 1, 2, 15),
        milestone="aanmelding",
        source="Regionaal protocol",
        created_by_name="SWV",
    )
    assert engine.sync(SignalKind.GEEN_PLEK, datetime.date(YEAR + 1, 2, 16)).raised == 1


def test_a_protocol_item_that_is_not_the_regions_registration_date_does_not_move_it(town):
    from overstap.transitions.models import ProtocolItem

    ProtocolItem.objects.create(
        region=town["po_region"],
        transitions=["PO-VO"],
        text="Aanmeldformulier meesturen.",
        due_on=datetime.date(YEAR + 1, 2, 15),
        source="Regionaal protocol",
        created_by_name="SWV",
    )
    assert po_vo_registration(town["school"], YEAR) == deadlines_default(YEAR)


def test_the_exam_year_without_a_registration_at_an_mbo_by_1_april(town):
    pupil = PupilFactory(birth_date=datetime.date(YEAR - 16, 3, 1), municipality=town["municipality"])
    EnrolmentFactory(pupil=pupil, organisation=town["vo"], start_date=datetime.date(YEAR - 4, 8, 20))
    mbo = OrganisationFactory(type=T.MBO, name="Lindendal MBO")
    day = datetime.date(YEAR + 1, 4, 2)
    assert engine.sync(SignalKind.GEEN_PLEK, datetime.date(YEAR + 1, 4, 1), pupil=pupil).raised == 0

    def register():
        TransitionCase.objects.create(
            pupil=pupil,
            from_organisation=town["vo"],
            to_organisation=mbo,
            code="VO-MBO",
            school_year=f"{YEAR}-{YEAR + 1}",
            status=Status.AANGEMELD,
            created_by_name="Decaan",
        )

    signal = _cycle(SignalKind.GEEN_PLEK, day, register, pupil=pupil)
    assert signal.cause_key == f"exam:{pupil.pk}:{YEAR}" and signal.owner == town["vo"]


def test_registered_but_not_started_two_weeks_after_the_start(town):
    start = TODAY - datetime.timedelta(days=20)
    case = _case(town, status=Status.GEPLAATST, planned_on=start)
    assert engine.sync(SignalKind.NO_SHOW, start + datetime.timedelta(days=14)).raised == 0
    signal = _cycle(SignalKind.NO_SHOW, TODAY, lambda: _set(case, Status.GESTART))
    assert signal.owner == town["vo"]


def test_without_a_date_the_school_year_start_counts_for_a_no_show(town):
    case = _case(town, status=Status.AANGEMELD, planned_on=None, school_year=f"{YEAR}-{YEAR + 1}")
    start = school_year_start(YEAR)
    # The same first school day the deadlines of a move use.
    month, day = (int(part) for part in settings.OVERSTAP_SCHOOL_YEAR_START.split("-"))
    assert start == datetime.date(YEAR, month, day)
    assert engine.sync(SignalKind.NO_SHOW, start + datetime.timedelta(days=14)).raised == 0
    _cycle(SignalKind.NO_SHOW, start + datetime.timedelta(days=15), lambda: _set(case, Status.GESTART))


def test_not_placed_on_1_october(town):
    case = _case(town, status=Status.GEOPEND, planned_on=datetime.date(YEAR, 8, 31), school_year=f"{YEAR}-{YEAR + 1}")
    assert engine.sync(SignalKind.NIET_GEPLAATST, datetime.date(YEAR, 9, 30)).raised == 0
    signal = _cycle(SignalKind.NIET_GEPLAATST, datetime.date(YEAR, 10, 2), lambda: _set(case, Status.GEPLAATST))
    assert signal.owner == town["municipality"]


def test_a_move_planned_later_in_the_year_is_not_late_on_1_october(town):
    _case(town, status=Status.AANGEMELD, planned_on=datetime.date(YEAR, 12, 1), school_year=f"{YEAR}-{YEAR + 1}")
    assert engine.sync(SignalKind.NIET_GEPLAATST, datetime.date(YEAR, 10, 2)).raised == 0


def _at_home(world, days=30):
    """At home without education follows the thuiszitters register (its own tests cover the definition): an open
    absence without permission of four weeks or more at the pupil's school."""
    from overstap.thuiszitters.models import AbsenceReport

    return AbsenceReport.objects.create(
        pupil=world["pupil"],
        school=world["school"],
        from_date=TODAY - datetime.timedelta(days=days),
        kind="ongeoorloofd",
        recorded_by_name="IB'er",
    )


def _back(report):
    type(report).objects.filter(pk=report.pk).update(to_date=TODAY)


def test_at_home_without_education(town):
    report = _at_home(town)
    signal = _cycle(SignalKind.THUISZITTER, TODAY, lambda: _back(report))
    assert signal.owner == town["municipality"] and signal.owner_role == "leerplicht"


def test_a_tlv_that_ends_close_to_the_move(town):
    move = TODAY + datetime.timedelta(days=30)
    case = _case(town, status=Status.AANGEMELD, planned_on=move)
    decision = tlv(town["pupil"], town["school"], town["swv"], end=move + datetime.timedelta(days=60))
    signal = _cycle(
        SignalKind.TLV_OVERSTAP,
        TODAY,
        lambda: type(decision).objects.filter(pk=decision.pk).update(end_date=move + datetime.timedelta(days=400)),
    )
    assert signal.owner == town["swv"] and signal.owner_role == "swv_consulent" and signal.case == case


def test_a_tlv_that_ends_within_four_months(town):
    decision = tlv(town["pupil"], town["school"], town["swv"], end=TODAY + datetime.timedelta(days=100))
    signal = _cycle(
        SignalKind.TLV_EINDIGT,
        TODAY,
        lambda: type(decision).objects.filter(pk=decision.pk).update(end_date=TODAY + datetime.timedelta(days=500)),
    )
    assert signal.handled_where() == f"/ondersteuning/{decision.request_id}/"


def _care(town, pupil=None):
    return YouthCare.objects.create(
        pupil=pupil or town["pupil"],
        organisation=town["school"],
        provider="Jeugdhulp Lindendal",
        care_type="ambulant",
        start_on=TODAY - datetime.timedelta(days=100),
        recorded_by_name="IB'er",
    )


def test_youth_care_at_the_move_without_a_decision(town):
    case = _case(town, status=Status.AANGEMELD, planned_on=TODAY + datetime.timedelta(days=40))
    care = _care(town)
    signal = _cycle(
        SignalKind.JEUGDHULP_OVERSTAP,
        TODAY,
        lambda: CareTransition.objects.create(
            care=care, moment=case.code, decision="voortzetten", decided_by_name="IB"
        ),
    )
    assert signal.owner == town["school"]


def test_youth_care_of_a_pupil_who_turns_18_without_a_decision(town):
    in_three_months = add_months(TODAY, 3)
    pupil = PupilFactory(birth_date=in_three_months.replace(year=in_three_months.year - 18, day=1))
    care = _care(town, pupil)
    _cycle(
        SignalKind.JEUGDHULP_18,
        TODAY,
        lambda: CareTransition.objects.create(
            care=care, moment=ADULT_CARE, decision="overdragen", decided_by_name="IB"
        ),
    )


def test_follow_up_after_leaving_practical_education(town):
    pro = OrganisationFactory(type=T.PRO, name="Praktijkschool Lindendal")
    start = add_months(TODAY, -3)
    case = TransitionCase.objects.create(
        pupil=town["pupil"],
        from_organisation=pro,
        to_organisation=OrganisationFactory(type=T.MBO, name="MBO"),
        code="VO-MBO",
        school_year=f"{YEAR}-{YEAR + 1}",
        planned_on=start,
        status=Status.NAZORG,
        created_by_name="Decaan",
    )
    signal = _cycle(SignalKind.NAZORG, TODAY, lambda: _set(case, Status.UITGEVALLEN))
    assert signal.cause_key == f"case:{case.pk}:m3" and signal.owner == pro


def test_feedback_after_the_first_weeks(town):
    case = _case(town, status=Status.GESTART, planned_on=TODAY - datetime.timedelta(weeks=9))
    signal = _cycle(
        SignalKind.TERUGKOPPELING,
        TODAY,
        lambda: Feedback.objects.create(
            case=case, moment=Moment.FIRST_WEEKS, organisation=town["vo"], given_by_name="Zorgcoördinator"
        ),
    )
    assert signal.owner == town["vo"] and signal.cause_key == f"case:{case.pk}:eerste_weken"


def test_the_unopened_handover_is_raised_daily_and_closed_when_opened(town):
    from overstap.transitions.models import Notification
    from overstap.transitions.workflow import open_handover

    from .conftest import send

    town["case"] = open_case(town["ib"].user, town["pupil"], town["vo"], planned_on=TODAY + datetime.timedelta(days=10))
    case = send(town)
    assert not Signal.objects.exists()  # sending itself raises nothing: the receiver had no chance yet
    assert engine.run_all(TODAY, SignalKind.NIET_GEOPEND)[SignalKind.NIET_GEOPEND]["raised"] == 1
    assert Notification.objects.filter(kind="niet_geopend").count() == 3
    open_handover(town["vo_ib"].user, case)
    assert Signal.objects.get().status == SignalStatus.AFGEHANDELD


def test_a_finding_closed_by_hand_is_not_raised_again(town):
    report = _at_home(town)
    engine.sync(SignalKind.THUISZITTER, TODAY)
    signal = Signal.objects.get()
    from overstap.monitoring.workflow import change_status as signal_status

    signal_status(town["leerplicht"].user, signal, SignalStatus.AFGEHANDELD, note="Plek geregeld per volgende week.")
    assert engine.sync(SignalKind.THUISZITTER, TODAY).raised == 0
    report.refresh_from_db()
    assert report.to_date is None  # the cause still holds


def test_run_all_counts_every_kind(town):
    _at_home(town)
    counts = engine.run_all(TODAY)
    assert set(counts) == set(SignalKind.values)
    assert counts[SignalKind.THUISZITTER] == {"raised": 1, "closed": 0, "open": 1}
    assert engine.run_all(TODAY)[SignalKind.THUISZITTER] == {"raised": 0, "closed": 0, "open": 1}


def test_the_command_prints_the_counts(town, capsys):
    from django.core.management import call_command

    _at_home(town)
    call_command("run_signals", "--today", TODAY.isoformat(), "--kind", "thuiszitter")
    assert capsys.readouterr().out.strip() == "thuiszitter: 1 raised, 0 closed, 1 open"


def test_the_event_of_a_case_raises_at_once(town):
    case = open_case(town["ib"].user, town["pupil"], town["vo"])
    change_status(town["ib"].user, case, Status.GEEN_PLEK)
    signal = Signal.objects.get(kind=SignalKind.GEEN_PLEK)
    assert signal.raised_on == timezone.localdate() and signal.case == case
    change_status(town["ib"].user, case, Status.INGETROKKEN)
    signal.refresh_from_db()
    assert signal.status == SignalStatus.AFGEHANDELD


def test_a_transaction_that_fails_leaves_no_signal(town):
    from django.db import transaction

    case = open_case(town["ib"].user, town["pupil"], town["vo"])
    with pytest.raises(RuntimeError), transaction.atomic():
        change_status(town["ib"].user, case, Status.GEEN_PLEK)
        assert Signal.objects.filter(kind=SignalKind.GEEN_PLEK).exists()  # raised inside the transaction
        raise RuntimeError("something later in the same transaction fails")
    assert not Signal.objects.exists()


def test_an_enrolment_that_ends_raises_at_once(town):
    enrolment = Enrolment.objects.get(pupil=town["pupil"])
    enrolment.end_date = TODAY - datetime.timedelta(days=1)
    enrolment.save()
    # Of compulsory school age and enrolled nowhere: a thuiszitter by the register's definition, and that one
    # signal carries the work (no second "no place" signal about the same pupil).
    assert set(Signal.objects.values_list("kind", flat=True)) == {SignalKind.THUISZITTER}
    Enrolment.objects.create(pupil=town["pupil"], organisation=town["vo"], start_date=TODAY)
    assert set(Signal.objects.values_list("status", flat=True)) == {SignalStatus.AFGEHANDELD}


def test_the_tlv_and_youth_care_at_a_move_cost_the_same_queries_for_one_move_or_many(town):
    """The findings of these kinds ask for the decisions and the care of all moves at once, not per move."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from overstap.monitoring import findings

    move = TODAY + datetime.timedelta(days=30)

    def add_move(pupil, number):
        TransitionCase.objects.create(
            pupil=pupil,
            from_organisation=town["school"],
            to_organisation=town["vo"],
            code="PO-VO",
            school_year=f"{YEAR}-{YEAR + 1}",
            planned_on=move,
            status=Status.AANGEMELD,
            created_by_name="IB'er",
        )
        tlv(pupil, town["school"], town["swv"], end=move + datetime.timedelta(days=60), number=f"TLV-{number}")
        _care(town, pupil)

    def cost():
        counted = {}
        for kind in (SignalKind.TLV_OVERSTAP, SignalKind.JEUGDHULP_OVERSTAP):
            with CaptureQueriesContext(connection) as queries:
                found = findings.findings_of(kind, TODAY)
            counted[kind] = (len(found), len(queries))
        return counted

    add_move(town["pupil"], 1)
    one = cost()
    for number in range(2, 5):
        add_move(PupilFactory(), number)
    many = cost()
    for kind in one:
        assert (one[kind][0], many[kind][0]) == (1, 4), kind
        assert many[kind][1] == one[kind][1], kind


def test_a_signal_raised_while_english_is_active_is_stored_in_dutch(town):
    """A change made by someone whose browser asks for English raises the signal of every reader in the region:
    its cause and history are stored in Dutch, which every Dutch reader reads."""
    from django.utils import translation

    case = TransitionCase.objects.create(
        pupil=town["pupil"],
        from_organisation=town["school"],
        code="PO-VO",
        school_year=f"{TODAY.year}-{TODAY.year + 1}",
        status=Status.GEEN_PLEK,
        created_by_name="IB'er",
    )
    with translation.override("en"):
        engine.run_all(TODAY)
    signal = Signal.objects.get(case=case, kind=SignalKind.GEEN_PLEK)
    assert signal.cause == "De overstap heeft geen school: de leerling heeft geen plek."
    assert signal.events.get().by_name == "Overstap (automatisch)"


def test_a_doorstroomdossier_not_ready_four_weeks_before_its_date(db):
    from overstap.doorstroom.deadlines import deadline, school_year_of
    from overstap.doorstroom.models import Doorstroomdossier
    from overstap.doorstroom.models import Status as DossierStatus

    college = OrganisationFactory(type=T.VO, name="Lindendal College")
    noor = PupilFactory(given_names="Noor", birth_date=datetime.date(TODAY.year - 17, 1, 15))
    EnrolmentFactory(pupil=noor, organisation=college, start_date=TODAY - datetime.timedelta(days=900))
    year = school_year_of(TODAY)
    dossier = Doorstroomdossier.objects.create(
        pupil=noor, school=college, school_year=year, route="VO-MBO", study_choice="Kapper.", support_needs="Rust."
    )
    due = deadline("VO-MBO", year)
    kind = SignalKind.DOORSTROOMDOSSIER
    # Five weeks before the date nothing is raised yet; four weeks before, once.
    assert engine.sync(kind, due - datetime.timedelta(weeks=5)).raised == 0
    day = due - datetime.timedelta(weeks=4)
    assert engine.sync(kind, day).raised == 1
    assert engine.sync(kind, day).raised == 0
    signal = Signal.objects.get(kind=kind)
    assert signal.owner == college and signal.cause_key == f"doorstroom:{dossier.pk}" and signal.due_on == due
    # The cause says what is still to do, in Dutch, and nothing of what the student wrote.
    assert "de mentor of decaan schrijft deel B" in signal.cause and "Kapper" not in signal.cause
    Doorstroomdossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.READY)
    assert engine.sync(kind, day).closed == 1
    signal.refresh_from_db()
    assert signal.status == SignalStatus.AFGEHANDELD and signal.closed_automatically
    assert signal.closed_reason == "Vanzelf gesloten: het doorstroomdossier is klaar."
    assert engine.sync(kind, day).raised == 0
