"""The audit trail's own term: rows older than OVERSTAP_AUDIT_RETENTION_YEARS go only through purge_audit, which on
PostgreSQL needs the owner role; the trail stays append-only for everything else, also right after a purge."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from overstap.audit.maintenance import NO_UPDATE_DELETE_TRIGGER, unlocked
from overstap.audit.models import Action, AuditEvent
from overstap.audit.services import record

pytestmark = pytest.mark.django_db(transaction=True)


def _backdate(event: AuditEvent, when: datetime.datetime) -> None:
    """Test set-up only: an event as if written long ago (the trail itself never allows this)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with transaction.atomic():
                cursor.execute(f"ALTER TABLE audit_auditevent DISABLE TRIGGER {NO_UPDATE_DELETE_TRIGGER}")
                cursor.execute("UPDATE audit_auditevent SET at = %s WHERE id = %s", [when, event.pk])
                cursor.execute(f"ALTER TABLE audit_auditevent ENABLE TRIGGER {NO_UPDATE_DELETE_TRIGGER}")
        else:
            with unlocked():
                cursor.execute("UPDATE audit_auditevent SET at = %s WHERE id = %s", [when, event.pk])


@pytest.fixture
def old_and_new():
    old = record(None, Action.LOGIN_FAILED, object_repr="lang geleden")
    _backdate(old, timezone.now() - datetime.timedelta(days=8 * 366))
    new = record(None, Action.LOGIN_FAILED, object_repr="vorige week")
    return old, new


def test_purge_removes_only_what_is_past_the_term_and_records_itself(old_and_new):
    old, new = old_and_new
    out = io.StringIO()
    call_command("purge_audit", stdout=out)  # default: today minus the term (7 years)
    assert "1 events" in out.getvalue()
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=new.pk).exists()
    purge = AuditEvent.objects.get(action=Action.ERASE, object_type="audit.AuditEvent")
    assert purge.detail["count"] == 1 and purge.detail["term_years"] == 7 and purge.actor_name == "purge_audit"


def test_a_cutoff_inside_the_term_is_refused_and_nothing_goes(old_and_new):
    old, _new = old_and_new
    recent = (timezone.localdate() - datetime.timedelta(days=365)).isoformat()
    with pytest.raises(CommandError, match="within the audit trail's term of 7 years"):
        call_command("purge_audit", "--before", recent, stdout=io.StringIO())
    with pytest.raises(CommandError, match="not a date"):
        call_command("purge_audit", "--before", "vorig jaar", stdout=io.StringIO())
    assert AuditEvent.objects.filter(pk=old.pk).exists()


def test_after_a_purge_the_trail_refuses_deletes_again(old_and_new):
    _old, new = old_and_new
    call_command("purge_audit", stdout=io.StringIO())
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [new.pk])
    assert AuditEvent.objects.filter(pk=new.pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles exist on PostgreSQL only")
def test_the_application_role_cannot_purge_and_says_so(old_and_new):
    import uuid

    old, _new = old_and_new
    role = f"overstap_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("the test database's role may not create roles")
        cursor.execute(f'CREATE ROLE "{role}"')
    try:
        call_command("grant_app_role", role, stdout=io.StringIO())
        with connection.cursor() as cursor:
            cursor.execute(f'SET ROLE "{role}"')
        try:
            with pytest.raises(CommandError, match="cannot delete audit rows"):
                call_command("purge_audit", stdout=io.StringIO())
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET ROLE")
        assert AuditEvent.objects.filter(pk=old.pk).exists()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP OWNED BY "{role}"')
            cursor.execute(f'DROP ROLE "{role}"')
