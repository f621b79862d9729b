"""The pattern of hidden cells is chosen in the refresh and stored with it; the page only reads it."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from overstap.dashboard import suppression
from overstap.dashboard.models import BuiltPage, Pattern, Refresh
from overstap.dashboard.services import refresh
from overstap.dashboard.suppression import TOTAL
from overstap.dashboard.tests.test_pages import _adult_without_a_place, _get, region  # noqa: F401  (fixture)
from overstap.monitoring.tests.conftest import town  # noqa: F401  (fixture)
from overstap.transitions.tests.conftest import TODAY, acting, world  # noqa: F401  (fixtures)

YEAR = f"{TODAY.year}-{TODAY.year + 1}"


def _now_row(response, school) -> list[str]:
    now = next(t for t in response.context["tables"] if t.key == "nu")
    return next(row for row in now.rows if row[0] == school.name)


def _pattern(region) -> Pattern:  # noqa: F811
    return Pattern.objects.get(refresh=Refresh.objects.latest(), scope=region["municipality"], metric="zonder_plek")


def test_the_refresh_stores_the_pattern_with_its_figures(region):  # noqa: F811
    pattern = _pattern(region)
    school = region["school"].pk
    # The one pupil without a place is small everywhere: in its cell and in every margin above it.
    assert [school, "PO-VO", YEAR] in pattern.primary
    assert [school, TOTAL, TOTAL] in pattern.primary
    assert [TOTAL, TOTAL, TOTAL] in pattern.primary
    # Leerplicht reads its own figures of now exactly: nothing is hidden for it, so nothing is stored.
    assert not Pattern.objects.filter(audience="leerplicht").exists()


def test_the_page_shows_the_stored_pattern(client, region):  # noqa: F811
    school = region["school"]
    assert _now_row(_get(client, region["beleid_gm"], reverse("dashboard:index")), school)[1] == "<5"
    # Stored as hidden to protect another cell ("x") rather than as small: the page shows what is stored.
    pattern = _pattern(region)
    pattern.primary = [key for key in pattern.primary if key != [school.pk, TOTAL, TOTAL]]
    pattern.secondary = [*pattern.secondary, [school.pk, TOTAL, TOTAL]]
    pattern.save()
    cache.clear()
    assert _now_row(client.get(reverse("dashboard:index")), school)[1] == "x"


def test_a_page_read_after_a_refresh_chooses_no_hidden_cells(client, region, monkeypatch):  # noqa: F811
    _get(client, region["beleid_gm"], reverse("dashboard:index"))

    def read(url):
        # Built on the request (no page built ahead, nothing cached): the path that reads every cell.
        BuiltPage.objects.all().delete()
        cache.clear()
        with monkeypatch.context() as patched:
            patched.setattr(suppression, "_close", _no_choosing)
            patched.setattr(suppression, "_disclosed", _no_choosing)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
        assert response.status_code == 200
        return response, len(queries)

    response, first = read(reverse("dashboard:index"))
    assert _now_row(response, region["school"])[1] == "<5"
    read(reverse("dashboard:index") + f"?schooljaar={YEAR}")
    read(reverse("dashboard:export", args=["scholen", "csv"]))
    # More figures (a second transition type, another pupil) cost the page no more queries.
    _adult_without_a_place(region)
    response, second = read(reverse("dashboard:index"))
    assert response.context["headline"]["now"]["zonder_plek"] == 2
    assert second == first


def _no_choosing(*args, **kwargs):
    raise AssertionError("the page chose hidden cells itself instead of reading the refresh's pattern")


def test_a_refresh_stored_before_patterns_is_still_protected(client, region):  # noqa: F811
    Pattern.objects.all().delete()
    cache.clear()
    response = _get(client, region["beleid_gm"], reverse("dashboard:index"))
    assert _now_row(response, region["school"])[1] == "<5"


def test_a_second_refresh_stores_its_own_pattern(region):  # noqa: F811
    run = refresh(today=TODAY)
    assert Pattern.objects.filter(refresh=run, scope=region["municipality"], metric="zonder_plek").exists()
    assert (
        Pattern.objects.filter(refresh=run).count()
        == Pattern.objects.filter(refresh=Refresh.objects.exclude(pk=run.pk).latest()).count()
    )
