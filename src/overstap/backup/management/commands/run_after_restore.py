"""Runs the after-restore hooks in this process and prints what each returned as one JSON line.

Started by ``restore`` with the restored database as DATABASE_URL; by hand it runs OVERSTAP_AFTER_RESTORE.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Run the after-restore hooks (OVERSTAP_AFTER_RESTORE, or those named) against this database."

    def add_arguments(self, parser):
        parser.add_argument("--hook", action="append", default=None, help="dotted path of a callable (repeatable)")

    def handle(self, *args, hook, **options):
        paths = hook if hook is not None else settings.OVERSTAP_AFTER_RESTORE
        results, failed = [], None
        # In order, and none after one that fails: a later hook may rely on an earlier one.
        for path in paths:
            try:
                value = import_string(path)()
            except Exception as error:  # reported to the restore, which fails loudly with it
                failed = {"hook": path, "error": f"{type(error).__name__}: {error}"}
                break
            shown = value if isinstance(value, (int, str, bool, type(None))) else repr(value)
            results.append({"hook": path, "result": shown})
        self.stdout.write(json.dumps({"hooks": results, "failed": failed}))
        if failed:
            raise SystemExit(1)
