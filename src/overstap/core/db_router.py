"""Reads of the regional dashboard (and its exports) from a PostgreSQL read replica, when there is one (ADR 0028).

With ``DATABASE_REPLICA_URL`` set, the settings add a database alias ``replica``. This router sends a read of a model
of the apps in ``OVERSTAP_REPLICA_APPS`` (the dashboard: its refreshes, figures, patterns and built pages) there,
but only while a web request that changes nothing (GET or HEAD) is being answered and no transaction is open on the
primary. Everything else reads and writes the primary (``default``): writes, every other app's models (a dossier is
read where it was just written), and jobs, which read the figures they have just computed and so cannot wait for
the replica to catch up. Without a replica the router says nothing and Django uses ``default`` throughout.

``ReplicaReadsMiddleware`` marks the requests; ``replica_reads()`` does the same for code outside a request.
"""

import contextlib
import contextvars

from django.conf import settings
from django.db import connections

REPLICA = "replica"
_allowed = contextvars.ContextVar("overstap_replica_reads", default=False)
SAFE_METHODS = ("GET", "HEAD")


@contextlib.contextmanager
def replica_reads():
    """Within this block, reads the router sends to the replica may go there."""
    token = _allowed.set(True)
    try:
        yield
    finally:
        _allowed.reset(token)


class ReplicaReadsMiddleware:
    """Lets a GET or HEAD request read the dashboard from the replica; any other request reads the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if not replica_configured() or not _allowed.get():
            return None
        if model._meta.app_label not in settings.OVERSTAP_REPLICA_APPS:
            return None
        if connections["default"].in_atomic_block:
            return "default"  # read what this transaction wrote, and lock what it reads
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: an object read from either may point at one from the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica gets the schema by replication; it is never migrated on its own.
        return db == "default"
