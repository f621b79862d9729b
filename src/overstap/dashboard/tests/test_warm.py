"""The signal job builds each reader's dashboard right after the refresh, so the first reader of the day does not
pay for it, and reads exactly what they would have built themselves."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from overstap.dashboard import tables
from overstap.dashboard.services import refresh
from overstap.dashboard.tests.test_pages import region  # noqa: F401  (fixture)
from overstap.monitoring import engine
from overstap.monitoring.tests.conftest import town  # noqa: F401  (fixture)
from overstap.testing.factories import log_in
from overstap.transitions.tests.conftest import TODAY, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _figure_reads(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    return response, [q for q in queries.captured_queries if "dashboard_figure" in q["sql"]]


def test_the_first_request_after_the_job_reads_what_the_job_built(client, region):  # noqa: F811
    cache.clear()
    run = refresh()
    # The readers in this region: the policy officers of the SWV and of the municipality, and leerplicht.
    assert tables.warm(run) == 3
    log_in(client, region["beleid_gm"].user, region["beleid_gm"])
    warmed, warmed_reads = _figure_reads(client)
    cache.clear()
    cold, cold_reads = _figure_reads(client)
    # Built ahead, the page reads only its headline figures; built on the request, it reads every cell as well.
    assert len(warmed_reads) < len(cold_reads)
    assert [t.rows for t in warmed.context["tables"]] == [t.rows for t in cold.context["tables"]]


def test_the_signal_job_builds_the_pages_after_its_refresh(client, region):  # noqa: F811
    cache.clear()
    engine.run_all(TODAY)
    log_in(client, region["beleid_swv"].user, region["beleid_swv"])
    _page, reads = _figure_reads(client)
    cache.clear()
    _page, cold_reads = _figure_reads(client)
    assert len(reads) < len(cold_reads)


def test_nothing_to_build_without_a_refresh():
    assert tables.warm(None) == 0
