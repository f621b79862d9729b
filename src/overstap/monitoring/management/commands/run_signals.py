"""Runs the signal engine: every kind (or one) for a day. Idempotent; run it daily from cron or a scheduler."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from overstap.monitoring.engine import kinds, run_all


class Command(BaseCommand):
    help = "Raise and close signals for every kind (or one), and print the counts per kind."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="Pretend it is this day (YYYY-MM-DD).")
        parser.add_argument("--kind", help="Only this kind of signal.")

    def handle(self, *args, today=None, kind=None, **options):
        if kind and kind not in kinds():
            raise CommandError(f"Unknown kind {kind!r}; choose from {', '.join(kinds())}")
        for name, counts in run_all(today=today, kind=kind).items():
            self.stdout.write(f"{name}: {counts['raised']} raised, {counts['closed']} closed, {counts['open']} open")
