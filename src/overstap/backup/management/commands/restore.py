"""Restore a backup made by ``backup``, verify it table by table, then run the after-restore hooks.

    python src/manage.py restore BACKUP_DIR [--yes] [--database-url URL] [--no-files]

On PostgreSQL connect as the owner role (the one that runs migrate), not as the application's role: the restore
drops and creates the tables, the audit trail's included. Afterwards run ``grant_app_role`` again.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from overstap.backup.databases import settings_for_url
from overstap.backup.engine import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup into the database, verify every table against the manifest, run the after-restore hooks."

    def add_arguments(self, parser):
        parser.add_argument("backup_dir", type=Path)
        parser.add_argument("--yes", action="store_true", help="replace a target database that holds data")
        parser.add_argument(
            "--database-url", default=None, help="restore into this database instead of the configured one"
        )
        parser.add_argument("--no-files", action="store_true", help="leave the stored uploads on disk as they are")

    def handle(self, *args, backup_dir, yes, database_url, no_files, **options):
        config = settings_for_url(database_url) if database_url else dict(connections["default"].settings_dict)
        try:
            report = restore(backup_dir, config, yes=yes, files=not no_files, database_url=database_url)
        except (BackupError, ValueError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"verified: {report.tables} tables, {report.rows} rows equal to the manifest")
        self.stdout.write(f"files restored: {report.files}")
        for hook, result in report.hooks:
            self.stdout.write(f"after restore: {hook} returned {result!r}")
        if not report.hooks:
            self.stdout.write("after restore: no hooks configured (OVERSTAP_AFTER_RESTORE is empty)")
        for note in report.notes:
            self.stdout.write(self.style.WARNING(note))
        self.stdout.write(self.style.SUCCESS("restore complete"))
