"""Reads of the dashboard: always the figures the checkpoint lets this user see (``Figure`` ``list``), from the
latest refresh, and the refresh of a week before for what changed."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet, Sum

from overstap.authz.actor import actor_for
from overstap.monitoring.models import NOT_HANDLED, Signal
from overstap.organisations.models import Organisation

from .figures import METRIC_KIND, NOW
from .models import BuiltPage, Figure, Pattern, Refresh
from .patterns import decode, protect
from .rules import drills_down
from .suppression import TOTAL, Cube, is_small, stored_cube

WEEK = datetime.timedelta(days=7)
TREND_WEEKS = 12


def latest_refresh() -> Refresh | None:
    return Refresh.objects.order_by("-computed_at", "-pk").first()


def week_before(refresh: Refresh | None) -> Refresh | None:
    if refresh is None:
        return None
    return (
        Refresh.objects.filter(as_of__lte=refresh.as_of - WEEK, computed_at__lt=refresh.computed_at)
        .order_by("-as_of", "-computed_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class Filters:
    school: int | None = None
    code: str = ""
    school_year: str = ""

    @property
    def any(self) -> bool:
        return bool(self.school or self.code or self.school_year)

    def apply(self, figures: QuerySet) -> QuerySet:
        if self.school:
            figures = figures.filter(school_id=self.school)
        if self.code:
            figures = figures.filter(code=self.code)
        if self.school_year:
            figures = figures.filter(school_year=self.school_year)
        return figures

    def key(self, school=TOTAL) -> tuple:
        """The place in the figures' cube (school, transition type, school year) this view reads: the filter's
        value, or the total where there is none; ``school`` for one row of a table per school (``None`` is the
        school unknown)."""
        if school == TOTAL:
            school = self.school or TOTAL
        return (school, self.code or TOTAL, self.school_year or TOTAL)

    def as_query(self) -> dict:
        query = {"school": self.school or "", "overstap": self.code, "schooljaar": self.school_year}
        return {key: value for key, value in query.items() if value}


def figures_for(user, refresh: Refresh | None) -> QuerySet[Figure]:
    if refresh is None:
        return Figure.objects.none()
    return Figure.objects.for_user(user, "list").filter(refresh=refresh)


def now_totals(user, refresh: Refresh | None, filters: Filters) -> dict[str, int]:
    """Pupils per figure of now: distinct over the region without filters, the sum of the cells with them."""
    figures = figures_for(user, refresh).filter(metric__in=[m.key for m in NOW])
    if filters.any:
        rows = filters.apply(figures.filter(whole_region=False)).values("metric").annotate(n=Sum("count"))
    else:
        rows = figures.filter(whole_region=True).values("metric").annotate(n=Sum("count"))
    found = {row["metric"]: row["n"] or 0 for row in rows}
    return {m.key: found.get(m.key, 0) for m in NOW}


def _cache_key(kind: str, user, refresh: Refresh) -> str:
    actor = actor_for(user)
    organisation = getattr(actor.organisation, "pk", "-")
    return f"dashboard:{kind}:{refresh.pk}:{refresh.computed_at.timestamp()}:{organisation}:{actor.role}"


def stored_cubes(user, refresh: Refresh, cells: dict[str, dict], *, exact: bool = False) -> dict[str, Cube]:
    """The cubes of these figures (``cells`` per metric, as read for this user) with the pattern of hidden cells
    stored by the refresh, read in one query: nothing is chosen here. A reader who may see the pupils behind the
    figures gets every count. A refresh stored before patterns were (none of its figures has one) is protected
    here, as it was then."""
    if exact:
        return {metric: stored_cube(found, (), ()) for metric, found in cells.items()}
    stored = {
        row["metric"]: row
        for row in Pattern.objects.for_user(user, "list")
        .filter(refresh=refresh, metric__in=list(cells))
        .values("metric", "primary", "secondary")
    }
    cubes = {}
    for metric, found in cells.items():
        row = stored.get(metric)
        if row is None and found:
            cubes[metric] = protect(metric, found)
        else:
            row = row or {}
            cubes[metric] = stored_cube(found, decode(row.get("primary")), decode(row.get("secondary")))
    return cubes


def now_cubes(user, refresh: Refresh) -> dict[str, Cube]:
    """The figures of now of one refresh as cubes over school, transition type and school year, small counts
    hidden for an aggregate-only reader as the refresh chose (``stored_cubes``); every filtered view reads its
    numbers' hidden or shown from here, so no two views can be compared to give a hidden count away. A reader who
    may see the pupils behind the figures (leerplicht, whose figures are its own) gets every count. Kept while the
    refresh is the latest."""
    key = _cache_key("now", user, refresh)
    found = cache.get(key)
    if found is None:
        rows = (
            figures_for(user, refresh)
            .filter(whole_region=False, metric__in=[m.key for m in NOW])
            .values("metric", "school_id", "code", "school_year")
            .annotate(n=Sum("count"))
        )
        cells: dict[str, dict] = {m.key: {} for m in NOW}
        for row in rows:
            cells[row["metric"]][(row["school_id"], row["code"], row["school_year"])] = (row["n"] or 0,)
        found = stored_cubes(user, refresh, cells, exact=drills_down(actor_for(user)))
        cache.set(key, found, 24 * 3600)
    return found


def rate_cubes(user, refresh: Refresh | None, rows: list[dict], metrics) -> dict[str, Cube]:
    """The rates and scores of the whole region as cubes (count and base per school, transition type and school
    year, with every margin) from ``cells`` read unfiltered, with the refresh's pattern: every filtered table reads
    its cells from them, so the tables of two filters never differ by a hidden cell."""
    cells: dict[str, dict] = {metric: {} for metric in metrics}
    for row in rows:
        if row["metric"] in cells:
            cells[row["metric"]][(row["school_id"], row["code"], row["school_year"])] = (row["count"], row["base"])
    if refresh is None:
        return {metric: stored_cube({}, (), ()) for metric in cells}
    return stored_cubes(user, refresh, cells)


def region_rate_cubes(user, refresh: Refresh | None, metrics) -> dict[str, Cube]:
    """``rate_cubes`` of the whole region for this reader, kept while the refresh is the latest. They do not depend
    on the filters, so every filter a reader chooses after the job (``services.build_pages`` builds them) only
    slices them, instead of reading the region's cells again."""
    metrics = list(metrics)
    if refresh is None:
        return rate_cubes(user, refresh, [], metrics)
    key = _cache_key("rates", user, refresh)
    found = cache.get(key)
    if found is None or set(found) != set(metrics):
        found = rate_cubes(user, refresh, cells(user, refresh, Filters(), metrics), metrics)
        cache.set(key, found, 24 * 3600)
    return found


SHOWN, SMALL, HIDDEN = "", "small", "hidden"


def now_states(user, refresh: Refresh | None, filters: Filters, totals: dict[str, int]) -> dict[str, str]:
    """Per figure of now whether the reader sees it (``SHOWN``), sees "<5" (``SMALL``) or sees it hidden to protect
    a small count elsewhere (``HIDDEN``). The unfiltered figure is the region's distinct pupils; it is hidden when
    small or when the cube hides the region's total."""
    if refresh is None or drills_down(actor_for(user)):
        return dict.fromkeys(totals, SHOWN)
    cubes = now_cubes(user, refresh)
    key = filters.key()
    states = {}
    for metric, value in totals.items():
        cube = cubes[metric]
        if is_small(value) or key in cube.primary:
            states[metric] = SMALL
        elif cube.hidden(key):
            states[metric] = HIDDEN
        else:
            states[metric] = SHOWN
    return states


def headline(user, filters: Filters | None = None) -> dict:
    """The figures of now with last week's, the freshness of both, and which of them the reader may see."""
    filters = filters or Filters()
    refresh = latest_refresh()
    before = week_before(refresh)
    has_figures = refresh is not None and figures_for(user, refresh).exists()
    now = now_totals(user, refresh, filters)
    last_week = now_totals(user, before, filters) if before is not None else None
    return {
        "refresh": refresh,
        "before": before,
        "has_figures": has_figures,
        "now": now,
        "last_week": last_week,
        "states": now_states(user, refresh, filters, now),
        "states_before": now_states(user, before, filters, last_week) if before is not None else None,
    }


CELL_FIELDS = ("metric", "school_id", "code", "school_year", "count", "base")


def cells(user, refresh: Refresh | None, filters: Filters, metrics) -> list[dict]:
    """The cells of these figures, summed over what the filters leave open: rows of metric, school, code, year.

    The query is the checkpoint's (``figures_for``), run as Django compiles it; only the rows are taken straight
    from the cursor, because every value is a plain integer or text that needs no conversion, and on a region of
    national size Django's handling of each of 50,000 rows cost a third of a second."""
    queryset = (
        filters.apply(figures_for(user, refresh).filter(whole_region=False, metric__in=list(metrics)))
        .values("metric", "school_id", "code", "school_year")
        .annotate(count=Sum("count"), base=Sum("base"))
        .values_list(*CELL_FIELDS)
    )
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # the checkpoint's answer is "nothing" (no figures at all for this reader)
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return [dict(zip(CELL_FIELDS, row, strict=True)) for row in cursor.fetchall()]


def weekly_trend(user, filters: Filters, metrics: list[str], weeks: int = TREND_WEEKS) -> dict[str, list]:
    """The figures of now, one point per week (the latest refresh of each week), oldest first, in one query: per
    metric a list of (refresh, count)."""
    refreshes = list(Refresh.objects.order_by("-as_of", "-computed_at", "-pk")[: weeks * 14])
    chosen, weeks_seen = [], set()
    for row in refreshes:
        week = row.as_of.isocalendar()[:2]
        if week not in weeks_seen:
            weeks_seen.add(week)
            chosen.append(row)
        if len(chosen) == weeks:
            break
    figures = Figure.objects.for_user(user, "list").filter(refresh__in=[r.pk for r in chosen], metric__in=metrics)
    figures = filters.apply(figures.filter(whole_region=False)) if filters.any else figures.filter(whole_region=True)
    found = defaultdict(int)
    for row in figures.values("refresh", "metric").annotate(n=Sum("count")):
        found[(row["refresh"], row["metric"])] = row["n"] or 0
    return {metric: [(r, found[(r.pk, metric)]) for r in reversed(chosen)] for metric in metrics}


# The shape of a page built ahead (``BuiltPage.tables``): raised when the tables change, so that a stored page of
# the code before is built again rather than read.
PAGE_VERSION = 1


def built_page(user, refresh: Refresh, language: str | None = None, *, tables: bool = True) -> BuiltPage | None:
    """The reader's page built ahead for this refresh (``BuiltPage``), in this language and of this code's shape,
    or ``None``. Without ``tables`` only its year and filter choices are read, not its rows (which need no language:
    they are names, codes and years)."""
    pages = BuiltPage.objects.for_user(user, "view").filter(refresh=refresh, version=PAGE_VERSION)
    if language is not None:
        pages = pages.filter(language=language)
    if not tables:
        pages = pages.defer("tables")
    return pages.first()


def filter_choices(user, refresh: Refresh | None) -> dict:
    """The schools, transition types and school years the reader's figures have, kept while the refresh is the
    latest (keyed like the tables: the refresh, the reader's organisation and role). When the cache has lost them
    they come from the reader's page built ahead, if there is one."""
    if refresh is None:
        return _filter_choices(user, refresh)
    key = _cache_key("choices", user, refresh)
    found = cache.get(key)
    if found is None:
        page = built_page(user, refresh, tables=False)
        found = _as_choices(page.choices) if page is not None else _filter_choices(user, refresh)
        cache.set(key, found, 24 * 3600)
    return found


def _as_choices(stored: dict) -> dict:
    return {
        "schools": [tuple(pair) for pair in stored.get("schools", [])],
        "codes": list(stored.get("codes", [])),
        "years": list(stored.get("years", [])),
    }


def _filter_choices(user, refresh: Refresh | None) -> dict:
    figures = figures_for(user, refresh).filter(whole_region=False)
    school_ids = set(figures.exclude(school=None).values_list("school_id", flat=True).distinct())
    return {
        "schools": list(Organisation.objects.filter(pk__in=school_ids).order_by("name").values_list("pk", "name")),
        "codes": sorted(set(figures.exclude(code="").values_list("code", flat=True).distinct())),
        "years": sorted(
            set(figures.exclude(school_year="").values_list("school_year", flat=True).distinct()), reverse=True
        ),
    }


def drill_down(user, metric: str, filters: Filters) -> QuerySet[Signal]:
    """The pupils behind a figure of now, as the signal worklist of the checkpoint shows them to this user."""
    signals = (
        Signal.objects.for_user(user, "list")
        .filter(kind=METRIC_KIND[metric], status__in=NOT_HANDLED)
        .select_related("pupil", "owner", "case", "case__from_organisation")
    )
    if filters.school:
        signals = signals.filter(case__from_organisation=filters.school)
    if filters.code:
        signals = signals.filter(case__code=filters.code)
    if filters.school_year:
        signals = signals.filter(case__school_year=filters.school_year)
    return signals.order_by("due_on", "-raised_on", "-pk")
