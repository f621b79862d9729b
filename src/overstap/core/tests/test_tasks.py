"""The job task: runs an allow-listed management command, skips one that is not installed (with a warning) and
refuses any other command; the beat schedule names jobs only."""

import logging

import pytest
from django.conf import settings

from overstap import celery_app
from overstap.core.tasks import CommandNotAllowed, run_command


def test_without_a_broker_tasks_run_in_the_calling_process():
    assert celery_app.conf.task_always_eager is True
    assert celery_app.conf.timezone == "Europe/Amsterdam"


@pytest.mark.django_db
def test_a_job_runs_its_management_command_and_returns_what_it_wrote():
    result = run_command.delay("escalate_handovers", ["--days", "3"]).get()
    assert result["command"] == "escalate_handovers" and result["skipped"] is False
    assert result["output"] == "0 signal(s) raised"


def test_a_job_whose_app_is_not_installed_is_skipped_with_a_warning(settings, caplog):
    settings.OVERSTAP_JOB_COMMANDS = [*settings.OVERSTAP_JOB_COMMANDS, "not_installed_job"]
    with caplog.at_level(logging.WARNING, logger="overstap.core.tasks"):
        result = run_command.delay("not_installed_job").get()
    assert result == {"command": "not_installed_job", "skipped": True, "output": ""}
    assert "job not_installed_job skipped" in caplog.text


@pytest.mark.parametrize("name", ["flush", "createsuperuser", "no_such_command"])
def test_a_command_that_is_not_a_job_is_refused(name):
    with pytest.raises(CommandNotAllowed):
        run_command.delay(name).get()


def test_the_schedule_runs_only_jobs_and_runs_each_job_daily():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert {entry["task"] for entry in schedule.values()} == {"overstap.core.tasks.run_command"}
    assert sorted(entry["args"][0] for entry in schedule.values()) == [
        "apply_retention",
        "escalate_handovers",
        "run_signals",
    ]
    assert {entry["args"][0] for entry in schedule.values()} <= set(settings.OVERSTAP_JOB_COMMANDS)
    for entry in schedule.values():
        assert entry["schedule"].day_of_week == set(range(7)) and len(entry["schedule"].hour) == 1


def test_the_worker_tests_skip_without_redis_server_but_fail_in_ci(monkeypatch):
    import conftest

    monkeypatch.setattr(conftest, "REDIS_SERVER", "no-such-redis-server")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        conftest._redis_server_or_skip()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-such-redis-server not found"):
        conftest._redis_server_or_skip()
