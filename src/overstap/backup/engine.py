"""Make a backup and restore one, for PostgreSQL and SQLite, each checked against its manifest.

A backup is a folder (mode 0700, files 0600) holding the dump, the files the application keeps on disk, and
``manifest.json``: when, which database, the migrations applied, the dump's checksum and per table the row count
and content hash (``tables.py``). The manifest is computed from exactly what was dumped: on PostgreSQL in the
same snapshot as ``pg_dump`` (``pg_export_snapshot``), on SQLite from the copy that the online backup API made.

A restore refuses a dump whose checksum differs from the manifest and a backup made with migrations this code
does not have, and refuses a target that holds data unless told. After the restore it counts and hashes every
table again and fails naming each table that differs; only then does it run the ``OVERSTAP_AFTER_RESTORE``
hooks (such as applying the erasure journal again). See docs/operations.md, "Backup and restore", and ADR 0023.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from . import tables
from .databases import connection_to, sqlite_path, vendor_of

FORMAT = 1
MANIFEST = "manifest.json"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FILES_DIR = "files"


class BackupError(Exception):
    """A backup or restore that was refused or failed; the message says why."""


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    hooks: list[tuple[str, object]] = field(default_factory=list)
    files: int = 0
    notes: list[str] = field(default_factory=list)


# --- small helpers ------------------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _private_file(path: Path) -> None:
    os.chmod(path, 0o600)


def pg_binary(name: str) -> str:
    """pg_dump or pg_restore: from OVERSTAP_PG_BIN_DIR, else the newest of Debian's installed versions, else PATH."""
    configured = getattr(settings, "OVERSTAP_PG_BIN_DIR", "")
    if configured:
        return str(Path(configured) / name)
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if versions:
        return str(versions[-1])
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} not found: install the PostgreSQL client or set OVERSTAP_PG_BIN_DIR.")
    return found


def _pg_args_env(config: dict) -> tuple[list[str], dict]:
    """Connection arguments for the PostgreSQL tools; the password goes in the environment, never in argv."""
    args = []
    if config.get("HOST"):
        args += ["--host", str(config["HOST"])]
    if config.get("PORT"):
        args += ["--port", str(config["PORT"])]
    if config.get("USER"):
        args += ["--username", str(config["USER"])]
    env = dict(os.environ)
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    if sslmode := config.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _run(command: list[str], env: dict, what: str) -> None:
    # The program is ours (pg_dump, pg_restore) and every argument a list item: no shell, nothing interpreted.
    result = subprocess.run(  # noqa: S603
        command, env=env, capture_output=True, text=True, timeout=settings.OVERSTAP_BACKUP_TIMEOUT
    )
    if result.returncode != 0:
        raise BackupError(f"{what} failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")


def migration_state(connection) -> dict:
    applied = sorted(MigrationRecorder(connection).applied_migrations())
    latest = {}
    for app, name in applied:
        latest[app] = max(latest.get(app, name), name)
    return {"latest": dict(sorted(latest.items())), "applied": [list(key) for key in applied]}


def unknown_migrations(manifest: dict) -> list[str]:
    """Migrations the backup's database had applied that this code does not know: the backup is newer."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(tuple(replaced) for replaced in migration.replaces or ())
    return [f"{app}.{name}" for app, name in manifest["migrations"]["applied"] if (app, name) not in known]


# --- files on disk ------------------------------------------------------------------------------------------------


def _file_dirs() -> dict[str, Path]:
    """The folders whose files belong to the database's rows (uploads waiting between preview and import)."""
    return {"imports": Path(settings.OVERSTAP_IMPORT_DIR)}


def _copy_files(destination: Path) -> list[dict]:
    listed = []
    for key, folder in _file_dirs().items():
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if not path.is_file():
                continue
            target = destination / FILES_DIR / key / path.name
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copyfile(path, target)
            _private_file(target)
            listed.append({"dir": key, "name": path.name, "bytes": target.stat().st_size, "sha256": _sha256(target)})
    return listed


def _restore_files(backup: Path, listed: list[dict]) -> int:
    folders = _file_dirs()
    for item in listed:
        source = backup / FILES_DIR / item["dir"] / item["name"]
        if not source.is_file() or _sha256(source) != item["sha256"]:
            raise BackupError(f"file {item['dir']}/{item['name']} is missing from the backup or differs from it")
    for item in listed:
        folder = folders[item["dir"]]
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{item['name']}.{uuid.uuid4().hex}.restore"
        shutil.copyfile(backup / FILES_DIR / item["dir"] / item["name"], temporary)
        _private_file(temporary)
        os.replace(temporary, folder / item["name"])
    return len(listed)


# --- backup -------------------------------------------------------------------------------------------------------


def backup(config: dict, output: Path) -> tuple[Path, dict]:
    """Back the database with these settings up into a new folder under ``output``; returns it and its manifest."""
    vendor = vendor_of(config)
    created = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    output.mkdir(parents=True, exist_ok=True)
    name = f"overstap-{created:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:6]}"
    partial = output / f".{name}.partial"
    partial.mkdir(mode=0o700)
    try:
        dump = partial / DUMP_NAMES[vendor]
        if vendor == "sqlite":
            state, sums = _backup_sqlite(config, dump)
        else:
            state, sums, extra = _backup_postgresql(config, dump)
        _private_file(dump)
        manifest = {
            "format": FORMAT,
            "created_at": created.isoformat(),
            "vendor": vendor,
            "dump": {"file": dump.name, "bytes": dump.stat().st_size, "sha256": _sha256(dump)},
            "migrations": state,
            "tables": {table: value.as_dict() for table, value in sums.items()},
            "files": _copy_files(partial),
        }
        if vendor == "postgresql":
            manifest["postgresql"] = extra
        path = partial / MANIFEST
        path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        _private_file(path)
        final = output / name
        os.replace(partial, final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final, manifest


def _backup_sqlite(config: dict, dump: Path):
    """The online backup API copies a consistent image while the application goes on writing."""
    with connection_to(config) as source:
        source.ensure_connection()
        target = sqlite3.connect(dump)
        try:
            source.connection.backup(target)
        finally:
            target.close()
    # The manifest is computed from the copy itself, so it describes exactly what was saved.
    with connection_to(dict(config, NAME=str(dump))) as copy:
        return migration_state(copy), tables.table_sums(copy)


def _backup_postgresql(config: dict, dump: Path):
    """pg_dump and the manifest read one and the same snapshot: the manifest describes exactly the dump."""
    from psycopg import IsolationLevel

    args, env = _pg_args_env(config)
    with connection_to(config, isolation_level=IsolationLevel.REPEATABLE_READ) as source:
        from django.db import transaction

        with transaction.atomic(using=source.alias), source.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server_version = cursor.fetchone()
            command = [pg_binary("pg_dump"), *args, "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"]
            _run([*command, str(config["NAME"])], env, "pg_dump")
            state, sums = migration_state(source), tables.table_sums(source)
    return state, sums, {"server_version": server_version}


# --- restore ------------------------------------------------------------------------------------------------------


def read_manifest(backup_dir: Path) -> dict:
    path = backup_dir / MANIFEST
    if not path.is_file():
        raise BackupError(f"{backup_dir} is not a backup: it has no {MANIFEST}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise BackupError(f"{MANIFEST} cannot be read: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} has format {manifest.get('format')!r}; this code reads format {FORMAT}")
    return manifest


def check_backup(backup_dir: Path, manifest: dict, vendor: str) -> Path:
    """Refuses a backup that is of another database, whose dump was changed, or that is newer than this code."""
    if manifest["vendor"] != vendor:
        raise BackupError(f"the backup is of a {manifest['vendor']} database; the target is {vendor}")
    dump = backup_dir / manifest["dump"]["file"]
    if not dump.is_file():
        raise BackupError(f"the dump {dump.name} is missing from the backup")
    if _sha256(dump) != manifest["dump"]["sha256"]:
        raise BackupError(f"the dump {dump.name} does not match the manifest's checksum: it was changed or damaged")
    if unknown := unknown_migrations(manifest):
        raise BackupError(
            "the backup was made by newer code: this code does not have the migrations " + ", ".join(unknown)
        )
    return dump


def _verify(connection, manifest: dict) -> tuple[int, int]:
    found = tables.table_sums(connection)
    problems = tables.compare(manifest["tables"], found)
    if problems:
        raise BackupError("verification failed:\n  " + "\n  ".join(problems))
    return len(found), sum(value.rows for value in found.values())


def _refuse_if_filled(connection, yes: bool) -> None:
    if yes:
        return
    if filled := tables.has_data(connection):
        shown = ", ".join(filled[:5]) + (f" and {len(filled) - 5} more" if len(filled) > 5 else "")
        raise BackupError(f"the target database holds data ({shown}): give --yes to replace it")


def restore(backup_dir: Path, config: dict, *, yes: bool, files: bool = True, database_url: str | None = None):
    """Restore the backup into the database with these settings, verify it, then run the after-restore hooks."""
    vendor = vendor_of(config)
    manifest = read_manifest(backup_dir)
    dump = check_backup(backup_dir, manifest, vendor)
    report = RestoreReport()
    if vendor == "sqlite":
        report.tables, report.rows = _restore_sqlite(dump, config, manifest, yes)
    else:
        report.tables, report.rows = _restore_postgresql(dump, config, manifest, yes)
    if files:
        report.files = _restore_files(backup_dir, manifest.get("files", []))
    missing = [
        f"{app}.{name}" for app, name in _code_migrations() if [app, name] not in manifest["migrations"]["applied"]
    ]
    if missing:
        report.notes.append(f"the backup predates {len(missing)} migration(s) of this code: run migrate now")
    report.hooks = run_hooks(settings.OVERSTAP_AFTER_RESTORE, database_url)
    return report


def _code_migrations() -> list[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(loader.graph.leaf_nodes()) if loader.graph else []


def _restore_sqlite(dump: Path, config: dict, manifest: dict, yes: bool) -> tuple[int, int]:
    target = sqlite_path(config).resolve()
    if target.exists():
        with connection_to(config) as existing:
            _refuse_if_filled(existing, yes)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.parent / f".{target.name}.{uuid.uuid4().hex}.restore"
    try:
        # Copied through the backup API, so the new file is a whole database of its own, then checked before use.
        source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
        copy = sqlite3.connect(temporary)
        try:
            source.backup(copy)
            if (answer := copy.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
                raise BackupError(f"the restored copy fails SQLite's integrity check: {answer}")
        finally:
            copy.close()
            source.close()
        _private_file(temporary)
        with connection_to(dict(config, NAME=str(temporary))) as restored:
            _verify(restored, manifest)
        # Nothing may hold the old file open: Django's own connections to it are closed first, and a stale
        # write-ahead log of the old file must not be replayed into the new one.
        for connection in connections.all(initialized_only=True):
            if connection.vendor == "sqlite" and Path(str(connection.settings_dict["NAME"])).resolve() == target:
                connection.close()
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    with connection_to(config) as final:
        return _verify(final, manifest)


def _restore_postgresql(dump: Path, config: dict, manifest: dict, yes: bool) -> tuple[int, int]:
    with connection_to(config) as existing:
        _refuse_if_filled(existing, yes)
    args, env = _pg_args_env(config)
    command = [
        pg_binary("pg_restore"),
        *args,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={config['NAME']}",
        str(dump),
    ]
    _run(command, env, "pg_restore")
    with connection_to(config) as restored:
        return _verify(restored, manifest)


# --- after the restore --------------------------------------------------------------------------------------------


def run_hooks(paths: list[str], database_url: str | None) -> list[tuple[str, object]]:
    """Run each dotted path in a fresh process of this project against the restored database; what each returned.

    A fresh process because a hook (the erasure journal) works on the application's database through the ORM's
    default connection: with ``--database-url`` that is the restored database only in a process started with it.
    """
    if not paths:
        return []
    env = dict(os.environ)
    if database_url:
        env["DATABASE_URL"] = database_url
    command = [sys.executable, str(Path(settings.SRC_DIR) / "manage.py"), "run_after_restore"]
    for path in paths:
        command += ["--hook", path]
    # This project's own manage.py with the configured hook paths, as a list: no shell.
    result = subprocess.run(  # noqa: S603
        command, env=env, capture_output=True, text=True, timeout=settings.OVERSTAP_BACKUP_TIMEOUT
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    answer = json.loads(lines[-1]) if lines else {}
    done = [(item["hook"], item["result"]) for item in answer.get("hooks", [])]
    if result.returncode != 0 or not lines:
        failed = answer.get("failed") or {}
        why = (
            f"{failed['hook']} raised {failed['error']}" if failed else (result.stderr or result.stdout).strip()[-2000:]
        )
        ran = ", ".join(f"{hook} returned {value!r}" for hook, value in done) or "none"
        raise BackupError(
            "the database was restored and verified, but an after-restore hook failed; do not open the "
            f"application before it has run. {why} (hooks that ran: {ran})"
        )
    return done
