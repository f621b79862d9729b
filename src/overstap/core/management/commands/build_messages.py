"""Compiles the message catalogues (.po → .mo) in pure Python, so running the app needs no GNU gettext."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_files() -> list[Path]:
    return sorted(path for base in settings.LOCALE_PATHS for path in Path(base).glob("*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = "Compile every .po message catalogue into its .mo file."

    def handle(self, *args, **options):
        for po_path in catalogue_files():
            catalogue = polib.pofile(str(po_path))
            mo_path = po_path.with_suffix(".mo")
            catalogue.save_as_mofile(str(mo_path))
            self.stdout.write(f"Compiled {po_path.relative_to(settings.SRC_DIR)} ({catalogue.percent_translated()}%)")
