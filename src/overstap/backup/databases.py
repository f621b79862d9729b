"""Connections to a database named by URL, beside the configured ones.

A backup reads its source, and a restore writes and checks its target, through a connection of its own: the
source in one snapshot (PostgreSQL), the target possibly another database than the one the application uses.
"""

from __future__ import annotations

import contextlib
import uuid
from pathlib import Path

import dj_database_url
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend

SQLITE = "django.db.backends.sqlite3"
POSTGRESQL = "django.db.backends.postgresql"


def settings_for_url(url: str) -> dict:
    config = dj_database_url.parse(url)
    if config["ENGINE"] not in (SQLITE, POSTGRESQL):
        raise ValueError(f"unsupported database: {config['ENGINE']}")
    return config


def vendor_of(config: dict) -> str:
    return "sqlite" if config["ENGINE"] == SQLITE else "postgresql"


def sqlite_path(config: dict) -> Path:
    name = str(config["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        raise ValueError("a restore into SQLite needs a database file, not an in-memory database")
    return Path(name)


@contextlib.contextmanager
def connection_to(config: dict, **options):
    """A fresh Django connection with these settings, under an alias of its own; closed and forgotten after."""
    config = dict(config, OPTIONS={**config.get("OPTIONS", {}), **options})
    # The handler fills in the defaults only for a whole DATABASES dict.
    filled = connections.configure_settings({DEFAULT_DB_ALIAS: config})[DEFAULT_DB_ALIAS]
    alias = f"overstap_backup_{uuid.uuid4().hex[:8]}"
    # Registered as a connection but not in DATABASES: the ORM finds it by alias (``.using(alias)``), and nothing
    # that walks the configured databases (the test runner, ``close_all``) mistakes it for one of them.
    connections[alias] = load_backend(filled["ENGINE"]).DatabaseWrapper(filled, alias)
    try:
        yield connections[alias]
    finally:
        with contextlib.suppress(Exception):
            connections[alias].close()
        with contextlib.suppress(AttributeError, KeyError):
            del connections[alias]
