"""The erasure journal: every row erased for good, in a file outside the database, so a restore cannot undo it.

A restore brings back a database as it was on the day of its backup, with every row erased since. The journal is
an append-only file of JSON lines (``OVERSTAP_ERASURE_JOURNAL``), one line per erased row::

    {"v": 1, "model": "dossiers.Entry", "pk": "12", "pupil_id": 3, "reason": "retention",
     "category": "school_dossier", "at": "2026-12-06T02:30:00+00:00", "by": "apply_retention",
     "root": "dossiers.Entry#12"}

Each append is written in one call under an exclusive lock and flushed to disk (``fsync``) before the transaction
that deletes the rows commits. So a committed erasure is always in the journal; the reverse may happen (the commit
fails after the append), and then the journal names a row that is still there and was due anyway: the next run or
``reapply_erasures()`` removes it. A torn last line (a crash in the middle of an append) is skipped: its transaction
never committed.

After a restore, ``reapply_erasures()`` (``manage.py reapply_erasures``, and first in ``OVERSTAP_AFTER_RESTORE``)
deletes again whatever the journal names and the database has, audited, and moves each table's id counter past the
highest erased id, so a new row never gets the id of an erased one (which a later reapply would then delete).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction

logger = logging.getLogger(__name__)

VERSION = 1
REASONS = ("retention", "request")


class JournalError(Exception):
    """The journal cannot be read: a line in the middle of it is not a journal line."""


def path() -> Path:
    return Path(settings.OVERSTAP_ERASURE_JOURNAL)


def append(lines: list[dict]) -> None:
    """Appends these lines in one write, under an exclusive lock, and makes them durable before returning."""
    if not lines:
        return
    for line in lines:
        if line.get("reason") not in REASONS:
            raise ValueError(f"erasure journal: unknown reason {line.get('reason')!r}")
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    created = not target.exists()
    data = "".join(json.dumps({"v": VERSION, **line}, sort_keys=True, ensure_ascii=False) + "\n" for line in lines)
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        encoded = data.encode("utf-8")
        written = 0
        while written < len(encoded):
            written += os.write(fd, encoded[written:])
        os.fsync(fd)
    finally:
        os.close(fd)  # closing releases the lock
    if created:
        # The new file's name must be durable too, not only its content.
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def read() -> Iterator[dict]:
    """The journal's lines in the order they were written; nothing when there is no journal yet."""
    target = path()
    if not target.exists():
        return
    with target.open("rb") as handle:
        raw_lines = handle.read().split(b"\n")
    last = len(raw_lines) - 1
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw)
            if not isinstance(line, dict) or "model" not in line or "pk" not in line:
                raise ValueError("not a journal line")
        except ValueError as error:
            if number - 1 == last:
                logger.warning(
                    "erasure journal %s: torn last line %d skipped (an append that never committed)", target, number
                )
                continue
            raise JournalError(f"erasure journal {target}, line {number}: {error}") from error
        yield line


def _reserve_ids(model: type[models.Model], highest: int) -> None:
    """Moves the table's id counter to at least ``highest``, so the database never hands out an erased id again."""
    table = model._meta.db_table
    column = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [connection.ops.quote_name(table), column])
            sequence = cursor.fetchone()[0]
            if sequence is None:
                return
            cursor.execute(
                f"SELECT setval(%s, GREATEST(%s, (SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 0)"  # noqa: S608
                f" FROM {connection.ops.quote_name(table)}), 1))",
                [sequence, highest],
            )
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'")
            if cursor.fetchone() is None:
                return
            cursor.execute("UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [highest, table])
            if cursor.rowcount == 0:
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, highest])


def reapply_erasures(*, by: str = "reapply_erasures") -> int:
    """Deletes again every row the journal names that exists in the database now, and returns how many rows went
    (cascades included). Idempotent: a second call finds nothing and returns 0. Each deletion is audited (reason
    as journaled, ``"reapplied": true``) and is not journaled a second time."""
    from .services import erase_rows

    lines = list(read())
    highest: dict[str, int] = {}
    groups: list[tuple[str, list[dict]]] = []
    for line in lines:
        label = line["model"]
        with contextlib.suppress(TypeError, ValueError):
            highest[label] = max(highest.get(label, 0), int(line["pk"]))
        if groups and groups[-1][0] == label:
            groups[-1][1].append(line)
        else:
            groups.append((label, [line]))
    total = 0
    with transaction.atomic():
        for label, group in groups:
            try:
                model = apps.get_model(label)
            except LookupError:
                logger.warning("erasure journal names %s, which this version does not have: skipped", label)
                continue
            wanted = {str(line["pk"]): line for line in group}
            present = list(model._base_manager.filter(pk__in=list(wanted)))
            again = []
            for obj in present:
                line = wanted[str(obj.pk)]
                current_pupil = obj.pk if label == "pupils.Pupil" else getattr(obj, "pupil_id", None)
                if line.get("pupil_id") is not None and current_pupil is not None and current_pupil != line["pupil_id"]:
                    # The same id, another pupil: not the erased row (ids are reserved below, so this is rare).
                    logger.warning("erasure journal: %s #%s now belongs to another pupil: left alone", label, obj.pk)
                    continue
                again.append((obj, line))
            for obj, line in again:
                total += erase_rows(
                    [obj],
                    reason=line.get("reason", "retention"),
                    by=by,
                    pupil_id=line.get("pupil_id"),
                    detail={"category": line.get("category", ""), "reapplied": True, "journaled_at": line.get("at")},
                    journal=False,
                )
        for label, value in highest.items():
            with contextlib.suppress(LookupError):
                _reserve_ids(apps.get_model(label), value)
    return total
