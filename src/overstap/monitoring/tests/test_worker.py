"""The daily signal run through a real Celery worker and Redis: the same command the schedule runs, doing the real
work in the test database."""

import datetime

import pytest
from django.utils import timezone

from overstap.monitoring.models import Signal, SignalKind, SignalStatus
from overstap.transitions.models import Notification
from overstap.transitions.workflow import open_case

from .conftest import send

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


def test_a_worker_runs_the_daily_signals_and_raises_the_one_for_a_handover_nobody_opened(world, celery_worker):
    # Sent, unopened, and the pupil starts in ten days: within the escalation window of 14 days.
    case = open_case(
        world["ib"].user, world["pupil"], world["vo"], planned_on=TODAY + datetime.timedelta(days=10), programme="lwoo"
    )
    case = send({**world, "case": case})
    assert not Signal.objects.filter(kind=SignalKind.NIET_GEOPEND).exists()

    result = celery_worker.run("overstap.core.tasks.run_command", "run_signals")

    assert result["command"] == "run_signals" and result["skipped"] is False, celery_worker.log()
    assert "niet_geopend: 1 raised" in result["output"], celery_worker.log()
    signal = Signal.objects.get(kind=SignalKind.NIET_GEOPEND)
    assert (signal.case_id, signal.status) == (case.pk, SignalStatus.OPEN)
    assert signal.owner == world["vo"]
    notified = Notification.objects.filter(kind="niet_geopend").values_list("organisation__name", flat=True)
    assert sorted(notified) == ["De Regenboog", "Lindendal College", "SWV VO Lindendal"]

    # The schedule's second job is the same kind alone; it finds nothing new.
    again = celery_worker.run("overstap.core.tasks.run_command", "escalate_handovers")
    assert again["output"] == "0 signal(s) raised", celery_worker.log()
