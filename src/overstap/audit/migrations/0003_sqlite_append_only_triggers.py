"""On SQLite too the database refuses to update or delete an audit row, also for raw SQL: two triggers that abort
unless ``overstap_audit_unlocked()`` says otherwise (see ``overstap/audit/maintenance.py``). A migration that
rebuilds this table on SQLite drops its triggers: ``test_audit.py`` finds out."""

from django.db import migrations

CREATE = [
    f"""
CREATE TRIGGER audit_auditevent_no_{operation.lower()}
BEFORE {operation} ON audit_auditevent
WHEN overstap_audit_unlocked() = 0
BEGIN
    SELECT RAISE(ABORT, 'The audit trail is append-only: {operation} is not allowed on audit_auditevent');
END;
"""
    for operation in ("UPDATE", "DELETE")
]
DROP = ["DROP TRIGGER IF EXISTS audit_auditevent_no_update;", "DROP TRIGGER IF EXISTS audit_auditevent_no_delete;"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in CREATE:
            schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in DROP:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [migrations.RunPython(forwards, backwards)]
