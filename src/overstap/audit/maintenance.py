"""The one way past the SQLite triggers that keep the audit trail append-only.

On SQLite the triggers ask the function ``overstap_audit_unlocked()``, which this app registers on every
connection Django opens. It answers 0, so an UPDATE or DELETE on ``audit_auditevent`` is refused, also when it is
written as raw SQL. Any other program that opens the database file (the sqlite3 shell, a script) does not know the
function, so there the same statements fail too. ``unlocked()`` makes it answer 1 inside one block of code; only the
test runner's reset of the database between tests uses it. On PostgreSQL the trigger and the application role's
privileges do this work (migration 0002, ``grant_app_role``).
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

_unlocked: ContextVar[bool] = ContextVar("overstap_audit_unlocked", default=False)
FUNCTION = "overstap_audit_unlocked"


def register(sender, connection, **kwargs) -> None:
    """connection_created: give a new SQLite connection the function the triggers ask."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, 0, lambda: int(_unlocked.get()))


@contextlib.contextmanager
def unlocked():
    token = _unlocked.set(True)
    try:
        yield
    finally:
        _unlocked.reset(token)
