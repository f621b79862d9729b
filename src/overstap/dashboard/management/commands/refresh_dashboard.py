"""Computes the regional dashboard's figures again (the signal job does this at its end as well)."""

import datetime

from django.core.management.base import BaseCommand

from overstap.dashboard.services import build_pages, refresh


class Command(BaseCommand):
    help = "Compute the figures of every regional dashboard and store them as a new refresh."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, help="Pretend it is this day (YYYY-MM-DD).")

    def handle(self, *args, today=None, **options):
        run = refresh(today=today)
        readers = build_pages(run)
        self.stdout.write(
            f"dashboard: {run.figures.count()} figures for {run.as_of} in {run.seconds:.1f} s; "
            f"pages built ahead for {readers} readers"
        )
