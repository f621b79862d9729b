"""Loads the demo region into the database (idempotent) and prints how to log in.

Each app that has demo content contributes it through a ``demo.py`` module with a ``load(stdout)`` function that
returns the log-ins it created; this command calls them in app order, inside one transaction. Texts the demo
stores (signal causes, notes) are written in the project's language, whatever language the shell runs in.
"""

import os
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from overstap.matrix.loader import get_matrix


class Command(BaseCommand):
    help = "Load the demo region (organisations, people, pupils) and print the demo log-ins."

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._load()

    def _load(self):
        logins: list[tuple[str, str, str, str]] = []
        with transaction.atomic():
            for config in apps.get_app_configs():
                if not config.name.startswith("overstap."):
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                logins.extend(module.load(self.stdout) or [])
        matrix = get_matrix()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready. Transition matrix version {matrix.version}: {len(matrix.transitions)} transitions, "
                f"{len(matrix.stages)} stages, {len(matrix.terms)} glossary terms."
            )
        )
        base_url = os.environ.get("OVERSTAP_BASE_URL", "http://127.0.0.1:8000")
        self.stdout.write(f"Open {base_url}/ (matrix: /matrix/, API: /api/v1/matrix/transitions/).")
        if logins:
            self.stdout.write("")
            self.stdout.write("Demo log-ins (demo only, never use these elsewhere). Every account has the password")
            self.stdout.write(f"{logins[0][2]} and a TOTP secret for an authenticator app; or print the current")
            self.stdout.write("six-digit code with: make demo-code USER=<username>")
            width = max(len(row[1]) for row in logins)
            for label, username, _password, secret in logins:
                self.stdout.write(f"  {username:<{width}}  {secret}  {label}")
