"""On PostgreSQL the application connects as a role that may only append to the audit trail and read it: UPDATE,
DELETE, TRUNCATE, and disabling or dropping the trigger all fail for it, while its ordinary work goes on."""

import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles exist on PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]

REFUSED = [
    "UPDATE audit_auditevent SET object_repr = 'x'",
    "DELETE FROM audit_auditevent",
    "TRUNCATE audit_auditevent",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_no_update_delete",
    "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_auditevent_no_update_delete ON audit_auditevent",
    "DROP TABLE audit_auditevent",
]


@pytest.fixture
def app_role():
    """A fresh login role, as production's application role is; dropped afterwards."""
    role = f"overstap_app_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("the test database's role may not create roles")
        cursor.execute(f'CREATE ROLE "{role}" LOGIN')
    yield role
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{role}"')


def _connect_as(role: str):
    import psycopg

    params = connection.get_connection_params()
    params.pop("password", None)
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    params["user"] = role
    return psycopg.connect(**params, autocommit=True)


def test_the_application_role_may_append_and_read_the_trail_and_nothing_else(app_role):
    from overstap.audit.models import Action
    from overstap.audit.services import record

    record(None, Action.LOGIN_FAILED, object_repr="vóór de toekenning")
    call_command("grant_app_role", app_role)
    import psycopg

    with _connect_as(app_role) as app:
        # What the application does all day still works: read the trail, append to it, write other tables.
        assert app.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0] >= 1
        app.execute(
            "INSERT INTO audit_auditevent (at, action, object_repr, actor_name, organisation_name, role, object_type,"
            " object_id, legal_basis, request_id, path, detail)"
            " VALUES (now(), 'login_failed', 'door de app', '', '', '', '', '', '', '', '', '{}')"
        )
        app.execute("UPDATE organisations_organisation SET name = name WHERE false")
        for statement in REFUSED:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                app.execute(statement)
                pytest.fail(f"the application role could: {statement}")
        # Nor can it hand itself (or anyone) the privileges: PostgreSQL only warns, and grants nothing.
        app.execute("GRANT UPDATE, DELETE, TRUNCATE ON audit_auditevent TO PUBLIC")
        for privilege in ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER"):
            held = app.execute("SELECT has_table_privilege('audit_auditevent', %s)", [privilege]).fetchone()[0]
            assert not held, privilege
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM audit_auditevent WHERE object_repr IN ('vóór de toekenning', 'door de app')"
        )
        assert cursor.fetchone()[0] == 2


def test_the_grant_refuses_a_role_that_could_rewrite_the_trail():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
    with pytest.raises(CommandError, match=r"superuser|owns the tables"):
        call_command("grant_app_role", owner)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("grant_app_role", "geen_rol_met_deze_naam")
