"""Erase what is past its retention term, per category and controller (docs/retention.md, ADR 0022).

    python src/manage.py apply_retention --dry-run
    python src/manage.py apply_retention --category school_dossier --organisation 12AB

A dry run lists per category and controller how many records would go and which (model label and id, never a
name), and changes nothing. A real run erases them in batches, one transaction per batch, audits and journals each
row. The audit trail itself is never purged here: see purge_audit.
"""

import datetime

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from overstap.audit.maintenance import may_purge
from overstap.retention.selectors import audit_past_term, organisations_named
from overstap.retention.services import BATCH_SIZE, apply_retention
from overstap.retention.terms import Category


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--today: {value!r} is not a date; write it as YYYY-MM-DD.") from error


class Command(BaseCommand):
    help = "Erase records past their retention term (audited and journaled); --dry-run only lists them."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would go, change nothing")
        parser.add_argument(
            "--category", action="append", choices=[c.value for c in Category], help="only this category (repeatable)"
        )
        parser.add_argument("--organisation", help="only this controller: BRIN, BRIN+branch, GM code or region code")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="records per transaction")
        parser.add_argument("--today", help="count the terms as on this day (YYYY-MM-DD); default: today")

    def handle(self, *args, dry_run=False, category=None, organisation=None, batch_size=BATCH_SIZE, today=None, **opts):
        if batch_size < 1:
            raise CommandError("--batch-size: give a whole number of at least 1.")
        day = _day(today) if today else timezone.localdate()
        if today and not dry_run and day > timezone.localdate():
            raise CommandError(
                "--today: a real run cannot count from a day in the future; use --dry-run to look ahead."
            )
        try:
            organisations = organisations_named(organisation) if organisation else None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        categories = [Category(c) for c in category] if category else None
        try:
            report = apply_retention(
                day, categories=categories, organisations=organisations, dry_run=dry_run, batch_size=batch_size
            )
        except ImproperlyConfigured as error:
            raise CommandError(f"retention settings: {error}") from error

        verb = "would go" if dry_run else "erased"
        self.stdout.write(f"retention on {day.isoformat()}{' (dry run: nothing changed)' if dry_run else ''}")
        for (name, controller), ids in sorted(report.found.items()):
            self.stdout.write(f"{name} · {controller}: {len(ids)} {verb}")
            by_model: dict[str, list[str]] = {}
            for label, pk in ids:
                by_model.setdefault(label, []).append(pk)
            for label, pks in sorted(by_model.items()):
                self.stdout.write(f"  {label}: {', '.join(pks)}")
        if not report.found:
            self.stdout.write("nothing is past its term")
        if not dry_run:
            self.stdout.write(f"{report.deleted_rows} rows deleted, cascades included; each audited and journaled")
            if report.kept_on_recheck:
                self.stdout.write(f"{report.kept_on_recheck} kept: within their term again when checked in the batch")
        for label, pk, by in report.blocked:
            self.stdout.write(f"kept, protected by other records: {label} {pk} (by {by})")
        if not category:
            cutoff, count = audit_past_term(day)
            allowed, why = may_purge(connection)
            where = "run purge_audit" if allowed else f"this connection cannot delete them ({why})"
            self.stdout.write(f"audit trail: {count} events from before {cutoff.isoformat()} past its term; {where}")
