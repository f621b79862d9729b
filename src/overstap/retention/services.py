"""Erasing for good: by the retention terms (``apply_retention``) or for one record on request (``erase``).

Every erasure goes through ``erase_rows``: it lists everything the delete takes with it (the cascade, row by row),
deletes, writes one ``erase`` audit event per row (model label, id, pupil id, reason, category, term; no names) and
appends each row to the erasure journal, all inside one transaction. ``apply_retention`` runs it in batches, one
transaction per batch, and checks each batch again inside its transaction, so a record that came back within its
term in the meantime (a new enrolment) stays.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models, router, transaction
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.utils import timezone

from overstap.audit.services import record_erasures
from overstap.organisations.models import Organisation

from . import journal as erasure_journal
from .rules import Due, due, pupils_due
from .terms import Category, Terms

BATCH_SIZE = 200


class _RowByRowCollector(Collector):
    """Django's collector, but it fetches every row a cascade takes instead of deleting some of them in bulk
    unseen: each of them must be audited and journaled."""

    def can_fast_delete(self, *args, **kwargs) -> bool:
        return False


def _pupil_of(obj: models.Model, fallback: int | None) -> int | None:
    if obj._meta.label == "pupils.Pupil":
        return obj.pk
    return getattr(obj, "pupil_id", None) or fallback


def erase_rows(
    objects: list[models.Model],
    *,
    reason: str,
    by: str,
    pupil_id: int | None = None,
    detail: dict | None = None,
    first: tuple[models.Model, ...] = (),
    journal: bool = True,
    user=None,
    request=None,
) -> int:
    """Deletes ``first`` and then ``objects`` with everything they cascade to, audits and journals each row, and
    returns how many rows went. Raises ``ProtectedError`` (and deletes nothing) when another row protects one.
    ``user`` is the person who erases (a request); a job passes none and is named by ``by``."""
    detail = detail or {}
    rows: list[dict] = []
    at = timezone.now().isoformat()
    with transaction.atomic():
        for group in ([o for o in first if o is not None], objects):
            present = [o for o in group if type(o)._base_manager.filter(pk=o.pk).exists()]
            if not present:
                continue
            root = f"{present[0]._meta.label}#{present[0].pk}"
            collector = _RowByRowCollector(using=router.db_for_write(type(present[0])), origin=present[0])
            collector.collect(present)
            for model, instances in collector.data.items():
                for instance in sorted(instances, key=lambda i: str(i.pk)):
                    rows.append(
                        {
                            "model": model._meta.label,
                            "pk": str(instance.pk),
                            "pupil_id": _pupil_of(instance, pupil_id),
                            "detail": {"reason": reason, "root": root, **detail},
                        }
                    )
            collector.delete()
        if not rows:
            return 0
        record_erasures(user, rows, job="" if user is not None else by, request=request)
        if journal:
            _journal(rows, reason=reason, by=str(user) if user is not None else by, at=at)
    return len(rows)


def _journal(rows: list[dict], *, reason: str, by: str, at: str) -> None:
    erasure_journal.append(
        [
            {
                "model": row["model"],
                "pk": row["pk"],
                "pupil_id": row["pupil_id"],
                "reason": reason,
                "category": row["detail"].get("category", ""),
                "at": at,
                "by": by,
                "root": row["detail"]["root"],
            }
            for row in rows
        ]
    )


def erase(obj: models.Model, *, user, request=None, note: str = "") -> int:
    """Erases one record (and its cascade) at the request of the person concerned (AVG art. 17), by ``user``:
    audited and journaled like a retention erasure, reason ``request``. Who may decide that is the caller's check."""
    return erase_rows(
        [obj],
        reason="request",
        by=str(user),
        user=user,
        detail={"note": note[:300]} if note else None,
        request=request,
    )


@dataclass
class Report:
    """What a run found (and, unless a dry run, deleted), per category and controller, by model label and id."""

    dry_run: bool
    today: datetime.date
    found: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    deleted_rows: int = 0
    blocked: list[tuple[str, str, str]] = field(default_factory=list)  # (label, pk, what protects it)
    kept_on_recheck: int = 0

    def add(self, item: Due) -> None:
        self.found[(item.category.value, item.controller_label)].append((item.label, str(item.obj.pk)))

    @property
    def found_count(self) -> int:
        return sum(len(ids) for ids in self.found.values())


def _detail(item: Due) -> dict:
    return {
        "category": item.category.value,
        "term_years": item.years,
        "term_start": item.start.isoformat(),
        "term_end": item.expires_on.isoformat(),
        "controller": item.controller_label,
    }


def _apply_batch(batch: list[Due], *, today, terms, report: Report, by: str) -> None:
    with transaction.atomic():
        # Check again inside the transaction: the list was made before, a record may be within its term again.
        wanted: dict[str, set] = defaultdict(set)
        for item in batch:
            wanted[item.label].add(item.obj.pk)
        pupils = wanted.pop("pupils.Pupil", set())
        still = {(d.label, d.obj.pk): d for d in due(today, terms, categories={batch[0].category}, pks=wanted)}
        if pupils:
            still.update({(d.label, d.obj.pk): d for d in pupils_due(today, terms, None, pks=pupils)})
        for item in batch:
            current = still.get((item.label, item.obj.pk))
            if current is None:
                report.kept_on_recheck += 1
                continue
            try:
                with transaction.atomic():
                    report.deleted_rows += erase_rows(
                        [current.obj],
                        reason="retention",
                        by=by,
                        pupil_id=current.pupil_id,
                        detail=_detail(current),
                        first=current.first,
                    )
            except (ProtectedError, RestrictedError) as error:
                held = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ())
                protecting = sorted({f"{o._meta.label}#{o.pk}" for o in held})
                report.blocked.append((item.label, str(item.obj.pk), ", ".join(protecting)))


def apply_retention(
    today: datetime.date,
    *,
    categories: list[Category] | None = None,
    organisations: list[Organisation] | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    by: str = "apply_retention",
) -> Report:
    """Finds every record past its term on ``today`` and, unless ``dry_run``, erases it. The pupils' own records
    come last, in the same run: once their other records have gone (attendance category)."""
    terms = Terms()  # a bad setting fails here, before anything is deleted
    report = Report(dry_run=dry_run, today=today)
    chosen = list(categories) if categories else list(Category)
    for category in chosen:
        items = due(today, terms, categories={category}, organisations=organisations)
        for item in items:
            report.add(item)
        if not dry_run:
            for start in range(0, len(items), batch_size):
                _apply_batch(items[start : start + batch_size], today=today, terms=terms, report=report, by=by)
    if Category.ATTENDANCE in chosen:
        items = pupils_due(today, terms, organisations)
        for item in items:
            report.add(item)
        if not dry_run:
            for start in range(0, len(items), batch_size):
                _apply_batch(items[start : start + batch_size], today=today, terms=terms, report=report, by=by)
    return report
