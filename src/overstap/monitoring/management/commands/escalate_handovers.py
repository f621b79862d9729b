"""Daily job: raise a signal for every handover nobody opened shortly before the pupil starts.

Run it from cron or a scheduler once a day; running it twice raises nothing twice. ``run_signals`` runs the same
kind with every other kind.
"""

import datetime

from django.core.management.base import BaseCommand

from overstap.monitoring.engine import escalate_unopened


class Command(BaseCommand):
    help = "Raise signals for handovers that were not opened before the start date."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="Pretend it is this day (YYYY-MM-DD).")
        parser.add_argument("--days", type=int, help="Days before the start date (default: the setting).")

    def handle(self, *args, today=None, days=None, **options):
        raised = escalate_unopened(today=today, days=days)
        self.stdout.write(f"{len(raised)} signal(s) raised")
