"""The one task behind every scheduled job: run an allow-listed management command, as cron would.

Every job is a management command, so it can run by hand, from cron or from Celery beat and does the same thing
each time; the task adds nothing but the call. A command on the allow-list (``OVERSTAP_JOB_COMMANDS``) whose app
is not installed is skipped with a warning, so the schedule can name a job before its app arrives.
"""

import io
import logging
import time

from celery import shared_task
from django.conf import settings
from django.core.management import call_command, get_commands

logger = logging.getLogger(__name__)


class CommandNotAllowed(Exception):
    """The task was asked to run a command that is not a job."""


@shared_task(name="overstap.core.tasks.run_command")
def run_command(name: str, args: list[str] | tuple[str, ...] = ()) -> dict:
    """Runs ``manage.py <name> <args...>`` and returns what it wrote; refuses a command that is not a job."""
    if name not in settings.OVERSTAP_JOB_COMMANDS:
        raise CommandNotAllowed(f"{name!r} is not one of the jobs in OVERSTAP_JOB_COMMANDS")
    if name not in get_commands():
        logger.warning("job %s skipped: no installed app provides this management command", name)
        return {"command": name, "skipped": True, "output": ""}
    out = io.StringIO()
    started = time.monotonic()
    call_command(name, *[str(arg) for arg in args], stdout=out)
    seconds = round(time.monotonic() - started, 3)
    output = out.getvalue().strip()
    logger.info("job %s finished in %.3f s: %s", name, seconds, output)
    return {"command": name, "skipped": False, "output": output, "seconds": seconds}
