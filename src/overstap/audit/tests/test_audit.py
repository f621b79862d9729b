import pytest
from django.db import connection, transaction

from overstap.audit.models import Action, AuditEvent
from overstap.audit.services import record
from overstap.organisations.models import OrganisationType
from overstap.testing.factories import EnrolmentFactory, MembershipFactory, OrganisationFactory, PupilFactory, log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_and_pupil():
    school = OrganisationFactory(type=OrganisationType.BAO, name="De Regenboog")
    pupil = PupilFactory(given_names="Sem", family_name="Jansen")
    EnrolmentFactory(pupil=pupil, organisation=school)
    ib = MembershipFactory(organisation=school, role="ib")
    return school, pupil, ib


def test_reading_a_pupil_leaves_a_full_trace(client, school_and_pupil):
    school, pupil, ib = school_and_pupil
    log_in(client, ib.user, ib)
    response = client.get(f"/leerlingen/{pupil.pk}/")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=Action.READ, pupil_id=pupil.pk)
    assert event.actor_id == ib.user.pk and event.actor_name == str(ib.user)
    assert event.organisation_id == school.pk and event.organisation_name == "De Regenboog"
    assert event.role == "ib"
    assert event.object_type == "pupils.Pupil" and event.object_id == str(pupil.pk)
    assert event.request_id == response["X-Request-ID"]


def test_a_list_records_which_pupils_were_shown(client, school_and_pupil):
    _school, pupil, ib = school_and_pupil
    log_in(client, ib.user, ib)
    client.get("/leerlingen/?q=Sem")
    event = AuditEvent.objects.get(action=Action.LIST)
    assert event.detail == {"query": "Sem", "pupil_ids": [pupil.pk]}


def test_a_refused_look_is_recorded_as_denied_and_answers_404(client, school_and_pupil):
    _school, pupil, _ib = school_and_pupil
    outsider = MembershipFactory(role="ib")
    log_in(client, outsider.user, outsider)
    assert client.get(f"/leerlingen/{pupil.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action=Action.DENIED, pupil_id=pupil.pk, actor_id=outsider.user.pk).exists()


def test_the_application_cannot_change_or_delete_the_trail():
    event = record(None, Action.LOGIN_FAILED, object_repr="iemand")
    event.object_repr = "iemand anders"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(object_repr="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    # Not by saving a new object with an existing id, nor by a bulk insert that overwrites on conflict.
    with pytest.raises(PermissionError):
        AuditEvent(pk=event.pk, action=Action.LOGIN, object_repr="vervalst").save()
    with pytest.raises(PermissionError):
        AuditEvent.objects.bulk_create(
            [AuditEvent(pk=event.pk, action=Action.LOGIN, object_repr="vervalst")],
            update_conflicts=True,
            unique_fields=["id"],
            update_fields=["object_repr"],
        )
    assert AuditEvent.objects.get(pk=event.pk).object_repr == "iemand"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
def test_on_postgresql_the_database_refuses_updates_and_deletes_too():
    from django.db import DatabaseError

    event = record(None, Action.LOGIN_FAILED, object_repr="iemand")
    for sql in (
        "UPDATE audit_auditevent SET object_repr = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, object_repr="iemand").exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite triggers; PostgreSQL has its own test")
def test_on_sqlite_the_database_refuses_raw_updates_and_deletes():
    from django.db import DatabaseError

    event = record(None, Action.LOGIN_FAILED, object_repr="iemand")
    for sql in (
        "UPDATE audit_auditevent SET object_repr = 'x' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s OR 1 = 1",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk, object_repr="iemand").exists()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite triggers")
@pytest.mark.django_db(transaction=True)
def test_on_sqlite_another_program_opening_the_file_cannot_change_the_trail_either(tmp_path):
    """The sqlite3 shell or a script does not know the function the triggers ask, so its UPDATE fails."""
    import sqlite3

    path = tmp_path / "copy.sqlite3"
    record(None, Action.LOGIN_FAILED, object_repr="iemand")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(path)])
    other = sqlite3.connect(path)
    for sql in ("UPDATE audit_auditevent SET object_repr = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises(sqlite3.OperationalError):
            other.execute(sql)
    assert other.execute("SELECT count(*) FROM audit_auditevent WHERE object_repr = 'iemand'").fetchone() == (1,)
    other.close()


def test_deleting_a_pupil_leaves_the_trail(client, school_and_pupil):
    _school, pupil, ib = school_and_pupil
    log_in(client, ib.user, ib)
    client.get(f"/leerlingen/{pupil.pk}/")
    pupil_id = pupil.pk
    pupil.delete()
    assert AuditEvent.objects.filter(pupil_id=pupil_id, action=Action.READ).count() == 1


def test_a_write_and_its_audit_event_share_one_transaction():
    pupil = PupilFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        pupil.family_name = "Nieuw"
        pupil.save()
        record(None, Action.UPDATE, pupil)
        raise RuntimeError("crash after the write")
    pupil.refresh_from_db()
    assert pupil.family_name != "Nieuw"
    assert not AuditEvent.objects.filter(action=Action.UPDATE, pupil_id=pupil.pk).exists()


def test_who_viewed_page_for_the_pupils_own_school_and_family(client, school_and_pupil):
    school, pupil, ib = school_and_pupil
    mentor = MembershipFactory(organisation=school, role="mentor")
    log_in(client, mentor.user, mentor)
    client.get(f"/leerlingen/{pupil.pk}/")
    # The mentor may see the pupil but not the trail; the IB'er of the school may.
    assert client.get(f"/leerlingen/{pupil.pk}/wie-keek-er/").status_code == 404
    log_in(client, ib.user, ib)
    page = client.get(f"/leerlingen/{pupil.pk}/wie-keek-er/")
    assert page.status_code == 200
    html = page.content.decode()
    assert str(mentor.user) in html and "bekeken" in html
    # In words, never the codes the trail keeps.
    assert "pupils.Pupil" not in html and "mentor)" not in html
