"""The one way past the SQLite triggers that keep the audit trail append-only.

On SQLite the triggers ask the function ``overstap_audit_unlocked()``, which this app registers on every
connection Django opens. It answers 0, so an UPDATE or DELETE on ``audit_auditevent`` is refused, also when it is
written as raw SQL. Any other program that opens the database file (the sqlite3 shell, a script) does not know the
function, so there the same statements fail too. ``unlocked()`` makes it answer 1 inside one block of code; only the
test runner's reset of the database between tests and the trail's own term (``purge_before``, run by
``purge_audit``) use it. On PostgreSQL the trigger and the application role's privileges do this work (migration
0002, ``grant_app_role``); there ``purge_before`` needs the owner role, which may switch the trigger off for the
one transaction that purges.
"""

from __future__ import annotations

import contextlib
import datetime
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from overstap.core.dates import add_years

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


# --- The audit trail's own term -------------------------------------------------------------------------------

NO_UPDATE_DELETE_TRIGGER = "audit_auditevent_no_update_delete"  # migration 0002, PostgreSQL


class PurgeRefused(Exception):
    """This database connection may not remove audit rows (on PostgreSQL: it is not the owner role)."""


def oldest_allowed_cutoff(today: datetime.date) -> datetime.date:
    """The latest day before which rows may be purged: the trail keeps ``OVERSTAP_AUDIT_RETENTION_YEARS``."""
    return add_years(today, -settings.OVERSTAP_AUDIT_RETENTION_YEARS)


def may_purge(connection=None) -> tuple[bool, str]:
    """Whether this connection may remove audit rows, and if not, why in one sentence."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "sqlite":
        return True, ""
    if connection.vendor != "postgresql":
        return False, f"purging the audit trail is not supported on {connection.vendor}"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, pg_has_role(current_user, tableowner, 'MEMBER') FROM pg_tables WHERE tablename = %s",
            ["audit_auditevent"],
        )
        found = cursor.fetchone()
    if found is None:
        return False, "the audit table does not exist: run migrate first"
    user, owner = found
    if not owner:
        return False, (
            f"the database role {user!r} is the application role, which may only add to the audit trail and read "
            "it; it cannot delete audit rows. Run purge_audit with DATABASE_URL set to the owner role."
        )
    return True, ""


def purge_before(cutoff: datetime.date, *, today: datetime.date, by: str) -> int:
    """Removes the audit rows older than ``cutoff`` (a day: rows before its midnight, UTC) and records the purge
    itself as a new row, in one transaction. The one path that deletes from the trail: on SQLite through
    ``unlocked()``, on PostgreSQL by switching off the trigger for this transaction only, which only the owner role
    may. Refuses a cutoff that would cut into the trail's term."""
    from .models import Action, AuditEvent  # the models module imports nothing from here, but apps load first

    latest = oldest_allowed_cutoff(today)
    if cutoff > latest:
        raise ValueError(
            f"--before {cutoff.isoformat()} lies within the audit trail's term of "
            f"{settings.OVERSTAP_AUDIT_RETENTION_YEARS} years: choose {latest.isoformat()} or earlier."
        )
    connection = connections[DEFAULT_DB_ALIAS]
    allowed, why = may_purge(connection)
    if not allowed:
        raise PurgeRefused(why)
    moment = datetime.datetime.combine(cutoff, datetime.time.min, tzinfo=datetime.UTC)
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # ALTER TABLE holds an exclusive lock until the commit: nobody writes to the trail meanwhile, and the
                # trigger is back on before anyone else can use the table.
                cursor.execute(f"ALTER TABLE audit_auditevent DISABLE TRIGGER {NO_UPDATE_DELETE_TRIGGER}")
                cursor.execute("DELETE FROM audit_auditevent WHERE at < %s", [moment])
                count = cursor.rowcount
                cursor.execute(f"ALTER TABLE audit_auditevent ENABLE TRIGGER {NO_UPDATE_DELETE_TRIGGER}")
            else:
                with unlocked():
                    cursor.execute("DELETE FROM audit_auditevent WHERE at < %s", [moment])
                    count = cursor.rowcount
        AuditEvent.objects.create(
            action=Action.ERASE,
            actor_name=by[:200],
            object_type="audit.AuditEvent",
            object_repr=f"audit trail before {cutoff.isoformat()}",
            detail={
                "reason": "retention",
                "category": "audit",
                "before": cutoff.isoformat(),
                "count": count,
                "term_years": settings.OVERSTAP_AUDIT_RETENTION_YEARS,
            },
        )
    return count
