"""Back the database up, with a manifest that proves what is in the dump; see docs/operations.md.

    python src/manage.py backup [--output DIR] [--database-url URL]

Prints the new backup folder on the last line. The backup holds personal data: store it encrypted.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from overstap.backup.databases import settings_for_url
from overstap.backup.engine import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite's online backup) and the stored uploads, with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None, help="folder to put the backup in")
        parser.add_argument("--database-url", default=None, help="back up this database instead of the configured one")

    def handle(self, *args, output, database_url, **options):
        config = settings_for_url(database_url) if database_url else dict(connections["default"].settings_dict)
        output = output or Path(settings.OVERSTAP_BACKUP_DIR)
        try:
            folder, manifest = backup(config, output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"{manifest['vendor']}: {len(manifest['tables'])} tables, {rows} rows, {len(manifest['files'])} files, "
            f"dump {manifest['dump']['bytes']} bytes"
        )
        self.stdout.write(self.style.SUCCESS(str(folder)))
