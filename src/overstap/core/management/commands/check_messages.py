"""Checks that every UI string in the code has a Dutch translation and that the catalogue compiles.

Extracts the strings afresh with Django's makemessages (needs GNU gettext), compares, and leaves the committed
catalogue as it was unless --update is given.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def catalogue_files() -> list[Path]:
    return sorted(path for base in settings.LOCALE_PATHS for path in Path(base).glob("*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = "Fail when a UI string has no Dutch translation, is fuzzy, or the catalogue does not compile."

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true", help="Keep the refreshed catalogue on disk.")

    def handle(self, *args, **options):
        if not shutil.which("xgettext") or not shutil.which("msgfmt"):
            raise CommandError("GNU gettext (xgettext, msgfmt) is needed for this check: apt-get install gettext")
        po_files = [p for p in catalogue_files() if p.parent.parent.name == "nl"]
        if not po_files:
            raise CommandError("No Dutch catalogue found under LOCALE_PATHS.")
        backups = {}
        problems: list[str] = []
        try:
            for path in po_files:
                backup = Path(tempfile.mkstemp(suffix=".po")[1])
                shutil.copyfile(path, backup)
                backups[path] = backup
            cwd = os.getcwd()
            os.chdir(settings.SRC_DIR)
            try:
                call_command("makemessages", locale=["nl"], no_obsolete=True, add_location="file", verbosity=0)
            finally:
                os.chdir(cwd)
            for path in po_files:
                catalogue = polib.pofile(str(path))
                for entry in catalogue.untranslated_entries():
                    problems.append(f"{path.name}: no Dutch translation for {entry.msgid!r}")
                for entry in catalogue.fuzzy_entries():
                    problems.append(f"{path.name}: translation marked fuzzy for {entry.msgid!r}")
                result = subprocess.run(  # noqa: S603
                    ["msgfmt", "--check", "--output-file=/dev/null", str(path)],  # noqa: S607
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if result.returncode != 0:
                    problems.append(f"{path.name} does not compile:\n{result.stderr}")
        finally:
            if not options["update"]:
                for path, backup in backups.items():
                    shutil.copyfile(backup, path)
            for backup in backups.values():
                backup.unlink(missing_ok=True)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} problem(s) in the Dutch message catalogue.")
        self.stdout.write("Dutch message catalogue: complete, and it compiles.")
