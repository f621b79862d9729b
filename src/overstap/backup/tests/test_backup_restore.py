"""Backup and restore, on the database the suite runs on (SQLite, or PostgreSQL when DATABASE_URL says so).

Each test backs up the test database, changes it, and restores into a second database of its own (a file, or a
database created for the test), so the suite's database is never replaced under it.
"""

import json
import stat
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from overstap.audit.models import Action, AuditEvent
from overstap.audit.services import record
from overstap.backup import tables
from overstap.backup.databases import connection_to, settings_for_url
from overstap.pupils.models import Pupil
from overstap.testing.factories import PupilFactory

pytestmark = pytest.mark.django_db(transaction=True)

HOOK = "overstap.backup.tests.hooks.count_pupils"


@pytest.fixture
def target_url(tmp_path):
    """A second, empty database to restore into, of the same kind as the suite's."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"test_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    params = connection.settings_dict
    auth = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    yield f"postgres://{auth}@{params['HOST'] or 'localhost'}:{params['PORT'] or 5432}/{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def imports_dir(tmp_path, settings):
    settings.OVERSTAP_IMPORT_DIR = tmp_path / "imports"
    settings.OVERSTAP_IMPORT_DIR.mkdir()
    return settings.OVERSTAP_IMPORT_DIR


@pytest.fixture
def world(imports_dir):
    pupils = PupilFactory.create_batch(5)
    for pupil in pupils:
        record(None, Action.READ, pupil)
    (imports_dir / "abc.upload").write_bytes(b"leerlingnummer;naam\n1;Kind0\n")
    return pupils


def _backup(tmp_path):
    call_command("backup", output=tmp_path / "backups", stdout=StringIO())
    (folder,) = (tmp_path / "backups").iterdir()
    return folder


def _restore(folder, url, *args):
    out = StringIO()
    call_command("restore", str(folder), "--database-url", url, *args, stdout=out)
    return out.getvalue()


def _target_sums(url):
    with connection_to(settings_for_url(url)) as target:
        return tables.table_sums(target)


def test_a_restore_brings_back_every_table_as_it_was_backed_up(tmp_path, world, target_url, imports_dir):
    folder = _backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    audit_before = list(AuditEvent.objects.order_by("pk").values_list("pk", "action", "object_id"))
    pupils_before = sorted(Pupil._base_manager.values_list("given_names", flat=True))

    # Life goes on after the backup: rows added, changed and deleted, the trail appended to, the upload gone.
    PupilFactory.create_batch(3)
    Pupil._base_manager.filter(pk=world[0].pk).update(given_names="Gewijzigd")
    Pupil._base_manager.filter(pk=world[1].pk).delete()
    record(None, Action.LOGIN_FAILED, object_repr="na de back-up")
    (imports_dir / "abc.upload").unlink()

    with override_settings(OVERSTAP_AFTER_RESTORE=[HOOK]):
        output = _restore(folder, target_url)

    found = _target_sums(target_url)
    assert {table: value.as_dict() for table, value in found.items()} == manifest["tables"]
    assert len(found) > 20 and found["pupils_pupil"].rows == 5
    with connection_to(settings_for_url(target_url)) as target:
        restored = sorted(Pupil._base_manager.using(target.alias).values_list("given_names", flat=True))
        audit_after = list(
            AuditEvent.objects.using(target.alias).order_by("pk").values_list("pk", "action", "object_id")
        )
    assert restored == pupils_before
    assert audit_after == audit_before, "the audit trail is restored whole, and nothing written after the backup"
    assert (imports_dir / "abc.upload").read_bytes().startswith(b"leerlingnummer")
    # The hook ran after the restore, against the restored database: it saw the five pupils of the backup.
    assert f"after restore: {HOOK} returned 5" in output
    assert f"verified: {len(found)} tables" in output


def test_the_backup_is_readable_by_its_owner_only(tmp_path, world):
    folder = _backup(tmp_path)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_a_changed_dump_is_refused_and_the_target_left_alone(tmp_path, world, target_url):
    folder = _backup(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    dump = folder / manifest["dump"]["file"]
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="does not match the manifest's checksum"):
        _restore(folder, target_url)
    assert not _target_sums(target_url)


def test_a_table_that_differs_after_the_restore_is_named(tmp_path, world, target_url):
    folder = _backup(tmp_path)
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["tables"]["pupils_pupil"]["sha256"] = "0" * 64
    manifest["tables"]["organisations_organisation"]["rows"] += 1
    path.write_text(json.dumps(manifest))
    with override_settings(OVERSTAP_AFTER_RESTORE=[HOOK]), pytest.raises(CommandError) as refused:
        _restore(folder, target_url)
    message = str(refused.value)
    assert "verification failed" in message
    assert "pupils_pupil: same 5 rows, but the content hash differs" in message
    assert "organisations_organisation:" in message
    assert "after restore" not in message


def test_a_target_with_data_is_replaced_only_with_yes(tmp_path, world, target_url):
    folder = _backup(tmp_path)
    _restore(folder, target_url)
    with pytest.raises(CommandError, match=r"holds data .*give --yes"):
        _restore(folder, target_url)
    assert "restore complete" in _restore(folder, target_url, "--yes")


def test_a_backup_made_by_newer_code_is_refused(tmp_path, world, target_url):
    folder = _backup(tmp_path)
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["migrations"]["applied"].append(["pupils", "9999_from_the_future"])
    path.write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match=r"newer code.*pupils\.9999_from_the_future"):
        _restore(folder, target_url)
    assert not _target_sums(target_url)


def test_a_failing_hook_fails_the_restore_loudly_and_stops_the_hooks_after_it(tmp_path, world, target_url):
    folder = _backup(tmp_path)
    hooks = [HOOK, "overstap.backup.tests.hooks.fail", HOOK]
    with override_settings(OVERSTAP_AFTER_RESTORE=hooks), pytest.raises(CommandError) as failed:
        _restore(folder, target_url)
    message = str(failed.value)
    assert "after-restore hook failed; do not open the application" in message
    assert "overstap.backup.tests.hooks.fail raised RuntimeError: the journal could not be read" in message
    assert f"(hooks that ran: {HOOK} returned 5)" in message


def test_the_content_hash_follows_the_content(world):
    before = tables.table_sums(connection, ["pupils_pupil", "audit_auditevent"])
    assert tables.table_sums(connection, ["pupils_pupil", "audit_auditevent"]) == before
    Pupil._base_manager.filter(pk=world[2].pk).update(family_name="Anders")
    after = tables.table_sums(connection, ["pupils_pupil", "audit_auditevent"])
    assert after["pupils_pupil"].rows == before["pupils_pupil"].rows
    assert after["pupils_pupil"].sha256 != before["pupils_pupil"].sha256
    assert after["audit_auditevent"] == before["audit_auditevent"]


def test_a_backup_older_than_the_code_is_restored_with_the_advice_to_migrate(tmp_path, world, target_url):
    folder = _backup(tmp_path)
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["migrations"]["applied"].remove(max(m for m in manifest["migrations"]["applied"] if m[0] == "pupils"))
    path.write_text(json.dumps(manifest))
    output = _restore(folder, target_url)
    assert "restore complete" in output
    assert "the backup predates 1 migration(s) of this code: run migrate now" in output
