"""Remove audit rows older than the audit trail's own term (``OVERSTAP_AUDIT_RETENTION_YEARS``).

The application role cannot do this on PostgreSQL, by design: it may only add to the trail and read it. Run as
the owner role, the one that runs ``migrate``:

    DATABASE_URL=postgres://overstap_owner@db/overstap python src/manage.py purge_audit --before 2019-01-01

Without ``--before`` the cutoff is today minus the term. A cutoff inside the term is refused. The purge itself is
recorded as a new audit row (action ``erase``, with the cutoff and the number of rows).
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from overstap.audit.maintenance import PurgeRefused, oldest_allowed_cutoff, purge_before


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--before: {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2019-01-01.") from error


class Command(BaseCommand):
    help = "Delete audit rows older than the audit trail's term. On PostgreSQL only as the owner role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--before", help="delete rows from before this day (YYYY-MM-DD); default: today minus the term"
        )

    def handle(self, *args, before: str | None = None, **options):
        today = timezone.localdate()
        cutoff = _day(before) if before else oldest_allowed_cutoff(today)
        try:
            count = purge_before(cutoff, today=today, by="purge_audit")
        except PurgeRefused as error:
            raise CommandError(f"purge_audit cannot run here: {error}") from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"audit trail: {count} events from before {cutoff.isoformat()} deleted; the purge is recorded."
        )
