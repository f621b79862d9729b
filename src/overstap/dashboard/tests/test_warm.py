"""The signal job builds each reader's dashboard right after the refresh and keeps it with the refresh, so the first
reader of the day does not pay for it, a lost cache costs one row instead of the region's cells, and what is read
is exactly what the reader would have built themselves."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from overstap.dashboard import selectors
from overstap.dashboard.models import BuiltPage
from overstap.dashboard.services import build_pages, refresh
from overstap.dashboard.tests.test_pages import region  # noqa: F401  (fixture)
from overstap.dashboard.tests.test_patterns import YEAR
from overstap.monitoring import engine
from overstap.monitoring.tests.conftest import town  # noqa: F401  (fixture)
from overstap.testing.factories import log_in
from overstap.transitions.tests.conftest import TODAY, world  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def _page(client, query=""):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard:index") + query)
    assert response.status_code == 200
    # The read of every cell of the region (count and base per school, type and year) that a built page saves.
    cells = [q for q in queries.captured_queries if "GROUP BY" in q["sql"] and 'base")' in q["sql"]]
    return response, len(cells)


def _rows(response):
    return [(t.key, t.header, t.rows, str(t.chart) != "") for t in response.context["tables"]]


def test_a_lost_cache_reads_the_page_built_with_the_refresh_and_it_is_the_same_page(client, region):  # noqa: F811
    cache.clear()
    run = refresh()
    # The readers in this region: the policy officers of the SWV and of the municipality, and leerplicht.
    assert build_pages(run) == 3
    assert BuiltPage.objects.filter(refresh=run).count() == 3
    log_in(client, region["beleid_gm"].user, region["beleid_gm"])
    cache.clear()
    stored, stored_cells = _page(client)
    BuiltPage.objects.all().delete()
    cache.clear()
    built, built_cells = _page(client)
    # Read from the stored page, the request sums no cells of the region; built on the request, it does.
    assert built_cells > stored_cells
    assert _rows(stored) == _rows(built)
    # The charts come back as drawn, not escaped.
    assert all(str(t.chart) in stored.content.decode() for t in stored.context["tables"] if t.chart)


def test_a_filtered_page_is_built_on_the_request_from_the_region_cells(client, region):  # noqa: F811
    cache.clear()
    run = refresh()
    build_pages(run)
    log_in(client, region["beleid_gm"].user, region["beleid_gm"])
    cache.clear()
    _response, cells = _page(client, f"?schooljaar={YEAR}")
    assert cells > 0


def test_each_reader_reads_only_the_page_built_for_their_organisation_and_role(client, region):  # noqa: F811
    run = refresh()
    build_pages(run)
    swv, gm = region["beleid_swv"], region["beleid_gm"]
    swv.user.acting_membership = swv
    gm.user.acting_membership = gm
    assert selectors.built_page(swv.user, run).organisation_id == swv.organisation_id
    assert selectors.built_page(gm.user, run).organisation_id == gm.organisation_id
    # A reader whose own page is gone never gets another reader's.
    BuiltPage.objects.filter(organisation=gm.organisation, role=gm.role).delete()
    assert selectors.built_page(gm.user, run) is None


def test_a_page_of_another_shape_is_built_again_and_only_the_latest_refresh_keeps_pages(client, region):  # noqa: F811
    first = refresh()
    build_pages(first)
    BuiltPage.objects.update(version=selectors.PAGE_VERSION + 1)
    log_in(client, region["beleid_gm"].user, region["beleid_gm"])
    cache.clear()
    _response, cells = _page(client)
    assert cells > 0
    second = refresh()
    build_pages(second)
    assert set(BuiltPage.objects.values_list("refresh", flat=True)) == {second.pk}


def test_the_signal_job_builds_the_pages_after_its_refresh(client, region):  # noqa: F811
    cache.clear()
    engine.run_all(TODAY)
    log_in(client, region["beleid_swv"].user, region["beleid_swv"])
    cache.clear()
    _response, cells = _page(client)
    assert cells == 0


def test_nothing_to_build_without_a_refresh():
    assert build_pages(None) == 0
