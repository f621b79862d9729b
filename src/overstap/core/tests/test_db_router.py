"""The read replica router (ADR 0028): which reads go to the replica, and that a dashboard read really goes there.

The replica here is a SQLite file (whatever the primary is) with the dashboard's refresh table, holding a refresh
the primary does not have: a read that answers with it was answered by the replica.
"""

import datetime

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test import RequestFactory
from django.utils import timezone

from overstap.core.db_router import REPLICA, ReplicaReadsMiddleware, ReplicaRouter, replica_reads
from overstap.dashboard.models import Refresh
from overstap.dashboard.selectors import latest_refresh
from overstap.pupils.models import Pupil

ON_REPLICA = datetime.date(2001, 2, 3)
ON_PRIMARY = datetime.date(2002, 3, 4)


@pytest.fixture
def replica(tmp_path, transactional_db):
    """A second database under the alias ``replica``, with the dashboard's refresh table and one refresh in it.
    Added after the test database is set up (``transactional_db``: no transaction is open around the test, as in a
    request)."""
    settings.DATABASES[REPLICA] = {
        **settings.DATABASES["default"],  # the keys Django fills in for every database
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "replica.sqlite3"),
        **dict.fromkeys(("USER", "PASSWORD", "HOST", "PORT"), ""),
        "OPTIONS": {},
        "TEST": {},
    }
    try:
        # Connected here, at once: the test case only lets an alias it was told of open a connection lazily.
        connections[REPLICA].connect()
        with connections[REPLICA].schema_editor() as editor:
            editor.create_model(Refresh)
        Refresh.objects.using(REPLICA).create(computed_at=timezone.now(), as_of=ON_REPLICA)
        yield REPLICA
    finally:
        if REPLICA in connections:
            connections[REPLICA].close()
            del connections[REPLICA]
        settings.DATABASES.pop(REPLICA, None)


def test_without_a_replica_the_router_leaves_every_read_to_default():
    router = ReplicaRouter()
    with replica_reads():
        assert router.db_for_read(Refresh) is None
    assert router.db_for_write(Refresh) == "default"


def test_the_router_sends_only_dashboard_reads_of_a_safe_request_to_the_replica(replica):
    router = ReplicaRouter()
    assert router.db_for_read(Refresh) is None, "outside a request (a job, a shell) the primary is read"
    with replica_reads():
        assert router.db_for_read(Refresh) == REPLICA
        assert router.db_for_read(Pupil) is None, "a dossier's data is read where it was written"
        assert router.db_for_write(Refresh) == "default"
        with transaction.atomic():
            assert router.db_for_read(Refresh) == "default", "a transaction reads what it wrote"
    assert router.allow_migrate("default", "dashboard")
    assert not router.allow_migrate(REPLICA, "dashboard")


def test_a_dashboard_read_in_a_get_request_is_answered_by_the_replica(replica):
    Refresh.objects.create(computed_at=timezone.now(), as_of=ON_PRIMARY)
    seen = {}

    def view(request):
        seen[request.method] = latest_refresh().as_of
        return None

    middleware = ReplicaReadsMiddleware(view)
    middleware(RequestFactory().get("/regio/"))
    middleware(RequestFactory().post("/regio/"))
    assert seen == {"GET": ON_REPLICA, "POST": ON_PRIMARY}
    assert latest_refresh().as_of == ON_PRIMARY, "outside a request the primary is read"
    # A write made while the replica may be read still goes to the primary.
    with replica_reads():
        Refresh.objects.create(computed_at=timezone.now(), as_of=ON_PRIMARY)
    assert Refresh.objects.using("default").count() == 2
    assert Refresh.objects.using(REPLICA).count() == 1
