"""Row counts and content hashes per table, read from the database itself.

Each table's rows are read in primary-key order, a chunk at a time (a server-side cursor on PostgreSQL), and fed
into one SHA-256 per table as they come, so a table of a hundred thousand rows is never held in memory. Every
value is first written in one canonical form (a moment in UTC, a decimal as written, JSON with sorted keys), so
the same rows give the same hash whichever backend returned them. Tables that belong to a model are read through
the model's fields (and so through the same conversions the application uses); the few that have no model, such
as Django's own ``django_migrations``, are read with plain SQL in the order of their primary key.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import hashlib
import json
import uuid
from dataclasses import dataclass

from django.apps import apps
from django.db.backends.base.base import BaseDatabaseWrapper

CHUNK = 2000


@dataclass(frozen=True)
class TableSum:
    rows: int
    sha256: str

    def as_dict(self) -> dict:
        return {"rows": self.rows, "sha256": self.sha256}


def _canonical(value):
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, decimal.Decimal):
        return f"D:{value.normalize():f}" if value.is_finite() else f"D:{value}"
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC).replace(tzinfo=None)
        return f"T:{value.isoformat()}"
    if isinstance(value, (datetime.date, datetime.time)):
        return f"T:{value.isoformat()}"
    if isinstance(value, datetime.timedelta):
        return f"I:{value // datetime.timedelta(microseconds=1)}"
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "B:" + base64.b64encode(bytes(value)).decode()
    if isinstance(value, dict):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    return f"{type(value).__name__}:{value}"


def _digest(rows) -> TableSum:
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        line = json.dumps([_canonical(value) for value in row], sort_keys=True, ensure_ascii=False)
        digest.update(line.encode())
        digest.update(b"\n")
        count += 1
    return TableSum(count, digest.hexdigest())


def models_by_table() -> dict:
    """Each database table that a model of an installed app owns (many-to-many tables included)."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in found:
            continue
        found[meta.db_table] = model
    return found


def _model_rows(connection: BaseDatabaseWrapper, model):
    names = [field.attname for field in model._meta.concrete_fields]
    queryset = model._base_manager.using(connection.alias).order_by("pk").values_list(*names)
    return queryset.iterator(chunk_size=CHUNK)


def _plain_rows(connection: BaseDatabaseWrapper, table: str):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
        key = next((c["columns"] for c in constraints.values() if c.get("primary_key") and c["columns"]), None)
        columns = [column.name for column in connection.introspection.get_table_description(cursor, table)]
    order = ", ".join(quote(column) for column in (key or columns))
    with connection.cursor() as cursor:
        # Names come from the database's own catalogue and are quoted; no value is put into the SQL.
        selected = ", ".join(quote(c) for c in columns)
        cursor.execute(f"SELECT {selected} FROM {quote(table)} ORDER BY {order}")  # noqa: S608
        while chunk := cursor.fetchmany(CHUNK):
            yield from chunk


def table_names(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def table_sums(connection: BaseDatabaseWrapper, tables: list[str] | None = None) -> dict[str, TableSum]:
    """Count and hash every table of this database (or the tables named), in name order."""
    owned = models_by_table()
    present = table_names(connection)
    sums = {}
    for table in tables if tables is not None else present:
        if table not in present:
            continue
        model = owned.get(table)
        rows = _model_rows(connection, model) if model is not None else _plain_rows(connection, table)
        sums[table] = _digest(rows)
    return sums


def has_data(connection: BaseDatabaseWrapper) -> list[str]:
    """The tables that hold rows beyond what ``migrate`` itself writes into an empty database."""
    bookkeeping = {"django_migrations", "django_content_type", "auth_permission"}
    quote = connection.ops.quote_name
    filled = []
    with connection.cursor() as cursor:
        for table in table_names(connection):
            if table in bookkeeping:
                continue
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # noqa: S608 (a catalogue name, quoted)
            if cursor.fetchone() is not None:
                filled.append(table)
    return filled


def compare(expected: dict, found: dict[str, TableSum]) -> list[str]:
    """What differs between the manifest's tables and the database's, one line per table, in table order."""
    problems = []
    for table in sorted(set(expected) | set(found)):
        want, got = expected.get(table), found.get(table)
        if got is None:
            problems.append(f"{table}: in the backup but missing from the restored database")
        elif want is None:
            problems.append(f"{table}: in the restored database but not in the backup")
        elif want["rows"] != got.rows:
            problems.append(f"{table}: {want['rows']} rows in the backup, {got.rows} after the restore")
        elif want["sha256"] != got.sha256:
            problems.append(f"{table}: same {got.rows} rows, but the content hash differs")
    return problems
