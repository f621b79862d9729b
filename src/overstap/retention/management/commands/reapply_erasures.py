"""After restoring a database backup: erase again what the erasure journal says was erased (docs/retention.md).

    python src/manage.py reapply_erasures

Run it before the application serves again. Idempotent: a second run erases nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from overstap.retention.journal import JournalError, path, reapply_erasures


class Command(BaseCommand):
    help = "Delete again every row named in the erasure journal that a restore brought back (audited)."

    def handle(self, *args, **options):
        try:
            count = reapply_erasures()
        except JournalError as error:
            raise CommandError(f"{error}; nothing was deleted. Repair or restore the journal file first.") from error
        self.stdout.write(f"erasure journal {path()}: {count} rows erased again")
