"""Generates a synthetic region for trying out and measuring Overstap; see ``overstap.generator.region``."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from overstap.generator import region


class Command(BaseCommand):
    help = (
        "Generate a synthetic region (organisations of every type, pupils with school careers, moves in every status, "
        "support, dossiers, youth care, meetings, signals, audit events); the same for the same seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pupils", type=int, default=2000, help="number of pupils (default 2000)")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same region (default 1)")
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="reference day as YYYY-MM-DD, from which every date is counted (default: today)",
        )
        parser.add_argument("--audit-events-per-pupil", type=int, default=10, help="audit events per pupil (10)")
        parser.add_argument(
            "--existing",
            choices=("refuse", "skip", "add"),
            default="refuse",
            help="when a generated region is already there: refuse (default), skip (do nothing) or add another",
        )

    def handle(self, *args, **options):
        pupils, per_pupil = options["pupils"], options["audit_events_per_pupil"]
        if pupils < 1:
            raise CommandError("--pupils: give a number of at least 1.")
        if per_pupil < 0:
            raise CommandError("--audit-events-per-pupil: give a number of at least 0.")
        existing = region.generated_regions()
        if existing and options["existing"] == "skip":
            self.stdout.write(f"A generated region is already there ({len(existing)}); nothing generated.")
            return
        if existing and options["existing"] == "refuse":
            raise CommandError(
                f"The database already holds {len(existing)} generated region(s); nothing was generated. "
                "Use --existing add to add a separate region, or --existing skip."
            )
        started = time.perf_counter()
        counts = region.generate(
            pupils,
            options["seed"],
            today=options["today"],
            audit_events_per_pupil=per_pupil,
            progress=lambda line: self.stderr.write(line),
        )
        seconds = time.perf_counter() - started
        by_status = counts.pop("by_status", {})
        number = counts.pop("number")
        self.stdout.write(
            self.style.SUCCESS(
                f"Region {number} (PO {region.REGION_PREFIX}{number:02d} / VO {region.REGION_PREFIX}{number:02d}) "
                f"generated in {seconds:.1f} s on {connection.vendor}."
            )
        )
        for key, value in counts.items():
            self.stdout.write(f"  {key:<18} {value:>12,}")
        self.stdout.write("  cases by status: " + ", ".join(f"{k} {v:,}" for k, v in sorted(by_status.items())))
