"""Give the application's own PostgreSQL role what it needs, and on the audit trail no more than INSERT and SELECT.

Run as the owner role, after every ``migrate`` (a new table needs its grant):

    DATABASE_URL=postgres://overstap_owner@db/overstap python src/manage.py migrate
    DATABASE_URL=postgres://overstap_owner@db/overstap python src/manage.py grant_app_role overstap_app

The application then connects as ``overstap_app``. It is not the owner of any table, so it cannot alter, disable
or drop the audit trigger, and it has no UPDATE, DELETE or TRUNCATE on ``audit_auditevent``.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql

AUDIT_TABLE = "audit_auditevent"


def grant_statements(role: str, tables: list[str]) -> list[sql.Composed]:
    who = sql.Identifier(role)
    statements = [sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who)]
    for table in tables:
        name = sql.Identifier(table)
        statements.append(sql.SQL("REVOKE ALL ON TABLE {} FROM {}").format(name, who))
        if table == AUDIT_TABLE:
            statements.append(sql.SQL("GRANT SELECT, INSERT ON TABLE {} TO {}").format(name, who))
        else:
            statements.append(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {} TO {}").format(name, who))
    statements.append(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(who))
    return statements


class Command(BaseCommand):
    help = "Grant the application role its privileges: all tables read and written, the audit trail only appended."

    def add_arguments(self, parser):
        parser.add_argument("role", help="the PostgreSQL role the application connects as (it must exist)")

    def handle(self, *args, role: str, **options):
        if connection.vendor != "postgresql":
            raise CommandError("grant_app_role is for PostgreSQL; on SQLite the audit triggers do this work.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found is None:
                raise CommandError(f"The role {role!r} does not exist: create it first (CREATE ROLE … LOGIN).")
            if found[0]:
                raise CommandError(f"The role {role!r} is a superuser: it could rewrite the audit trail.")
            cursor.execute("SELECT tableowner = %s FROM pg_tables WHERE tablename = %s", [role, AUDIT_TABLE])
            owns = cursor.fetchone()
            if owns is None:
                raise CommandError("The audit table does not exist yet: run migrate first.")
            if owns[0]:
                raise CommandError(f"The role {role!r} owns the tables: run migrate as another (owner) role.")
            tables = connection.introspection.table_names(cursor)
            with transaction.atomic():
                for statement in grant_statements(role, tables):
                    cursor.execute(statement)
        self.stdout.write(f"{role}: {len(tables)} tables granted; {AUDIT_TABLE} SELECT and INSERT only.")
