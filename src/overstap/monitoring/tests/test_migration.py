"""The signals of ``transitions.Signal`` move to ``monitoring.Signal`` with their status and history."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("monitoring", "0001_signals"), ("transitions", "0002_handover_meetings_feedback")]
AFTER = [("monitoring", "0002_move_transition_signals"), ("transitions", "0003_signals_moved_to_monitoring")]


def test_the_old_signals_move_with_their_status_and_who_handled_them():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Organisation = old.get_model("organisations", "Organisation")
    Pupil = old.get_model("pupils", "Pupil")
    Case = old.get_model("transitions", "TransitionCase")
    OldSignal = old.get_model("transitions", "Signal")
    po = Organisation.objects.create(name="De Regenboog", type="bao")
    vo = Organisation.objects.create(name="Lindendal College", type="vo")
    pupil = Pupil.objects.create(given_names="Sem", family_name="Jansen", birth_date=datetime.date(2014, 3, 2))
    case = Case.objects.create(
        pupil=pupil,
        from_organisation=po,
        to_organisation=vo,
        code="PO-VO",
        school_year="2026-2027",
        planned_on=datetime.date(2026, 8, 24),
        status="verzonden",
        created_by_name="IB",
    )
    handled_at = timezone.now() - datetime.timedelta(days=2)
    OldSignal.objects.create(case=case, kind="niet_geopend", owner=vo, raised_on=datetime.date(2026, 8, 10))
    other = Case.objects.create(
        pupil=pupil,
        from_organisation=po,
        to_organisation=vo,
        code="PO-VO",
        school_year="2025-2026",
        created_by_name="IB",
    )
    OldSignal.objects.create(
        case=other,
        kind="niet_geopend",
        owner=vo,
        raised_on=datetime.date(2025, 8, 10),
        status="afgehandeld",
        handled_at=handled_at,
        handled_by_name="Karin Vos",
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Signal = new.get_model("monitoring", "Signal")
    open_one = Signal.objects.get(case_id=case.pk)
    assert (open_one.kind, open_one.status, open_one.cause_key) == ("niet_geopend", "open", f"case:{case.pk}")
    assert open_one.owner_id == vo.pk and open_one.pupil_id == pupil.pk
    assert open_one.raised_on == datetime.date(2026, 8, 10)
    handled = Signal.objects.get(case_id=other.pk)
    assert handled.status == "afgehandeld" and handled.closed_at == handled_at
    last = handled.events.order_by("pk").last()
    assert (last.to_status, last.by_name, last.at) == ("afgehandeld", "Karin Vos", handled_at)
    assert "Signal" not in {m.__name__ for m in new.get_app_config("transitions").get_models()}

    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
