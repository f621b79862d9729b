"""The daily escalation through a real Celery worker and Redis: the same command the schedule runs, doing the
real work in the test database."""

import datetime

import pytest
from django.utils import timezone

from overstap.transitions.models import Notification, Signal, SignalKind, SignalStatus
from overstap.transitions.workflow import open_case

from .conftest import send

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]
TODAY = timezone.localdate()


def test_a_worker_raises_the_signal_for_a_handover_nobody_opened(world, celery_worker):
    # Sent, unopened, and the pupil starts in ten days: within the escalation window of 14 days.
    case = open_case(
        world["ib"].user, world["pupil"], world["vo"], planned_on=TODAY + datetime.timedelta(days=10), programme="lwoo"
    )
    case = send({**world, "case": case})
    assert not Signal.objects.exists()

    result = celery_worker.run("overstap.core.tasks.run_command", "escalate_handovers")

    assert result["command"] == "escalate_handovers" and result["skipped"] is False
    assert result["output"] == "1 signal(s) raised", celery_worker.log()
    signal = Signal.objects.get()
    assert (signal.case_id, signal.kind, signal.status) == (case.pk, SignalKind.NOT_OPENED, SignalStatus.OPEN)
    assert signal.owner == world["vo"]
    notified = Notification.objects.filter(kind="niet_geopend").values_list("organisation__name", flat=True)
    assert sorted(notified) == ["De Regenboog", "Lindendal College", "SWV VO Lindendal"]
