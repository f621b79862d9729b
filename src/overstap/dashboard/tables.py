"""The dashboard's tables, as the reader is allowed to see them: each a caption, a header and rows of text, with
small counts protected (``suppression.py``). The page, its charts and the CSV/XLSX exports all use these, so an
export never shows more than the page."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from overstap.authz.actor import actor_for

from . import selectors
from .charts import Bar, bar_chart
from .figures import METRICS, NOW, RATES, SCORES, definition
from .patterns import rate_sensitive
from .suppression import THRESHOLD, TOTAL, stored_cube

CHART_SCHOOLS = 10
CACHE_SECONDS = 24 * 3600
SCHOOLS_PER_PAGE = 25
PAGED = ("nu", "scholen")  # the tables with a row per school are shown 25 schools at a time
TABLES = {
    "nu": gettext_lazy("Now, per school"),
    "weken": gettext_lazy("Now, week by week"),
    "jaren": gettext_lazy("Per school year"),
    "scholen": gettext_lazy("Per school, in the school year shown"),
}


@dataclass
class Table:
    key: str
    caption: str
    header: list[str]
    rows: list[list[str]]
    chart: str = ""
    reading: str = ""
    notes: list[str] = field(default_factory=list)
    page: int = 1
    pages: int = 1

    @property
    def title(self) -> str:
        return str(TABLES[self.key])

    def paged(self, number, size: int = SCHOOLS_PER_PAGE) -> "Table":
        """The table with one page of its schools and the region's row after them (the export has every row)."""
        schools, region = self.rows[:-1], self.rows[-1:]
        pages = max(1, -(-len(schools) // size))
        try:
            number = min(max(1, int(number)), pages)
        except (TypeError, ValueError):
            number = 1
        shown = schools[(number - 1) * size : number * size] + region
        return Table(self.key, self.caption, self.header, shown, self.chart, self.reading, self.notes, number, pages)

    @property
    def wide(self) -> bool:
        return len(self.header) > 6

    def header_rows(self) -> list[list[dict]]:
        """The header as rows of cells: columns whose names share a first part ("Feedback: complete", "Feedback:
        useful") get that part once above them, so the narrow desktop columns keep short names. One row when no
        columns share a part. The exports keep the full names (``header``)."""
        parts = [str(label).split(": ", 1) if ": " in str(label) else [str(label)] for label in self.header]
        groups: list[list] = []
        for index, part in enumerate(parts):
            if len(part) == 2 and groups and groups[-1][0] == part[0]:
                groups[-1][1].append(index)
            else:
                groups.append([part[0] if len(part) == 2 else None, [index]])
        if not any(name is not None and len(columns) > 1 for name, columns in groups):
            return [[{"text": str(label), "scope": "col"} for label in self.header]]
        top, below = [], []
        for name, columns in groups:
            if name is not None and len(columns) > 1:
                top.append({"text": name, "scope": "colgroup", "colspan": len(columns)})
                below += [{"text": parts[index][1], "scope": "col"} for index in columns]
            else:
                top += [{"text": str(self.header[index]), "scope": "col", "rowspan": 2} for index in columns]
        return [top, below]

    def body_html(self) -> str:
        """The table's rows as HTML: the first cell a row header, every other cell with its column's name (shown
        before the value on a phone, where the table stacks). Built here rather than in a template loop: a region
        has hundreds of schools, and this is the page's largest part."""
        labels = [escape(str(label)) for label in self.header[1:]]
        lines = []
        for row in self.rows:
            cells = "".join(
                f'<td class="utrecht-table__cell" data-label="{label}">{escape(str(cell))}</td>'
                for label, cell in zip(labels, row[1:], strict=True)
            )
            lines.append(
                f'<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row">'
                f"{escape(str(row[0]))}</th>{cells}</tr>"
            )
        return mark_safe("\n".join(lines))  # noqa: S308 - every value is escaped above


def _percent(count: int, base: int) -> str:
    return f"{round(100 * count / base)}%" if base else "–"


def _schools_in(cubes, key) -> set:
    """The schools with a figure in the slice of ``key`` (its school left open) in any of these cubes."""
    _school, code, year = key
    return {k[0] for cube in cubes for k in cube.values if k[0] != TOTAL and k[1] == code and k[2] == year}


def _shown_now(cube, key) -> str:
    if key in cube.primary:
        return f"<{THRESHOLD}"
    if key in cube.secondary:
        return "x"
    return str(cube.at(key)[0] if cube.values else 0)


def _now_per_school(cubes, names, filters) -> Table:
    region_key = filters.key()
    schools = _schools_in([cubes[m.key] for m in NOW], region_key)
    if filters.school:
        schools &= {filters.school}
    schools = sorted(schools, key=lambda pk: (names.get(pk, ""), pk or 0))
    keys = [filters.key(school) for school in schools]
    rows, unknown = [], _("School unknown")
    for school, key in zip(schools, keys, strict=True):
        rows.append([names.get(school, unknown)] + [_shown_now(cubes[m.key], key) for m in NOW])
    if schools:
        rows.append([_("Region (sum of the schools)")] + [_shown_now(cubes[m.key], region_key) for m in NOW])
    # The chart shows the schools with the most pupils without a place (hidden small counts after them, in the
    # order of the table, so their place in the chart says nothing about their size); the table has every school.
    first = cubes[NOW[0].key]
    counts = [first.at(key)[0] if first.values else 0 for key in keys]
    shown = [i for i in range(len(schools)) if counts[i] and not first.hidden(keys[i])]
    shown.sort(key=lambda i: -counts[i])
    hidden = [i for i in range(len(schools)) if counts[i] and first.hidden(keys[i])]
    bars = [Bar(rows[i][0], counts[i], rows[i][1]) for i in shown[:CHART_SCHOOLS]]
    bars += [Bar(rows[i][0], None, rows[i][1]) for i in hidden[: max(0, CHART_SCHOOLS - len(bars))]]
    chart = ""
    if bars:
        chart = bar_chart(
            _("Pupils without a place: the schools with the most"),
            _(
                "One bar per school, at most %(n)s, the most first; the number is written beside each bar. Every "
                "school is in the table below."
            )
            % {"n": CHART_SCHOOLS},
            bars,
        )
    return Table(
        "nu",
        _("Pupils without a place, thuiszitters and no-shows now, per school the pupil leaves (or last attended)"),
        [_("School"), *[str(m.label) for m in NOW]],
        rows,
        chart=chart,
    )


def _weeks(user, filters) -> Table:
    series = selectors.weekly_trend(user, filters, [m.key for m in NOW])
    refreshes = [refresh for refresh, _n in series[NOW[0].key]]
    rows = []
    bars = []
    for index, refresh in enumerate(refreshes):
        totals = {m.key: series[m.key][index][1] for m in NOW}
        states = selectors.now_states(user, refresh, filters, totals)
        shown = [
            {selectors.SMALL: f"<{THRESHOLD}", selectors.HIDDEN: "x"}.get(states[m.key], str(totals[m.key]))
            for m in NOW
        ]
        day = refresh.as_of.strftime("%d-%m-%Y")
        rows.append([day, *shown])
        first = totals[NOW[0].key]
        bars.append(Bar(day, None if states[NOW[0].key] != selectors.SHOWN else first, shown[0]))
    chart = ""
    if len(bars) > 1:
        chart = bar_chart(
            _("Pupils without a place, week by week"),
            _("One bar per week, oldest at the top; the number is written beside each bar."),
            bars,
        )
    return Table(
        "weken",
        _("The figures of now at each weekly refresh (the latest of each week)"),
        [_("Week of"), *[str(m.label) for m in NOW]],
        rows,
        chart=chart,
    )


def _rate_cell(metric, cube, key, of: str | None = None) -> str:
    count, base = cube.at(key) if cube.values else (0, 0)
    if not base:
        return "–"
    if key in cube.primary:
        return "<5" if metric.kind == "score" else "x"
    if key in cube.secondary:
        return "x"
    return _shown(metric, count, base, of)


def _per_year(cubes, filters) -> Table:
    metrics = [*RATES, *SCORES]
    school, code, _year = filters.key()
    years = {k[2] for cube in cubes.values() for k in cube.values if k[0] == school and k[1] == code}
    years.discard(TOTAL)
    if filters.school_year:
        years &= {filters.school_year}
    years = sorted(years, reverse=True)
    rows = []
    for year in years:
        rows.append([year, *[_rate_cell(m, cubes[m.key], (school, code, year)) for m in metrics]])
    bars = []
    for m in RATES:
        cube = cubes[m.key]
        for year in years:
            key = (school, code, year)
            count, base = cube.at(key) if cube.values else (0, 0)
            if not base:
                continue
            hidden = cube.hidden(key)
            bars.append(Bar(f"{m.label} · {year}", None if hidden else 100 * count / base, _rate_cell(m, cube, key)))
    chart = ""
    if bars:
        chart = bar_chart(
            _("Handover, placement and continuity per school year"),
            _("One bar per figure and school year, as a percentage; the percentage is written beside each bar."),
            bars,
            maximum=100,
        )
    return Table(
        "jaren",
        _(
            "Handover, placement, continuity, feedback and drop-out per school year (percentage, with the number of "
            "moves it is out of)"
        ),
        [_("School year"), *[str(m.label) for m in metrics]],
        rows,
        chart=chart,
    )


def _shown(metric, count: int, base: int, of: str | None = None) -> str:
    if metric.kind == "score":
        if not base:
            return "–"
        return "<5" if base < 5 else f"{count / base:.1f} ({base})".replace(".", ",")
    if not base:
        return "–"
    if rate_sensitive(count, base):
        return "x"
    return f"{_percent(count, base)} ({of or _('of')} {base})"


def _per_school(cubes, names, filters, year: str) -> Table:
    metrics = [*RATES, *SCORES]
    region_school, code, _year = filters.key()
    region_key = (region_school, code, year or TOTAL)
    schools = _schools_in(cubes.values(), region_key)
    if filters.school:
        schools &= {filters.school}
    schools = sorted(schools, key=lambda pk: (names.get(pk, ""), pk or 0))
    of, unknown = _("of"), _("School unknown")
    rows = []
    for school in schools:
        key = (school, code, year or TOTAL)
        rows.append([names.get(school, unknown), *[_rate_cell(m, cubes[m.key], key, of) for m in metrics]])
    if schools:
        rows.append([_("Region"), *[_rate_cell(m, cubes[m.key], region_key) for m in metrics]])
    return Table(
        "scholen",
        _("Per school the pupil leaves, school year %(year)s") % {"year": year or _("all")},
        [_("School"), *[str(m.label) for m in metrics]],
        rows,
    )


def build(user, refresh, filters, year: str) -> list[Table]:
    """Every table of the page, kept in the cache for as long as this refresh is the latest. A refresh never
    changes, and what a reader may see of it depends only on their organisation and role (``rules.figure_view``),
    so those are the key; a new refresh makes a new key. When the cache has lost the unfiltered page, it is read
    from the reader's page built ahead with the refresh (``services.build_pages``) instead of built again."""
    if refresh is None:
        return _build(user, refresh, filters, year)
    actor = actor_for(user)
    key = "dashboard:tables:" + ":".join(
        str(part)
        for part in (
            refresh.pk,
            refresh.computed_at.timestamp(),
            actor.organisation.pk if actor.organisation else "-",
            actor.role,
            filters.school or "",
            filters.code,
            filters.school_year,
            year,
            get_language(),
        )
    )
    found = cache.get(key)
    if found is None:
        found = None if filters.any else _stored(user, refresh, year)
        if found is None:
            found = _build(user, refresh, filters, year)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _stored(user, refresh, year: str) -> list[Table] | None:
    page = selectors.built_page(user, refresh, get_language())
    if page is None or page.year != year:
        return None
    return from_stored(page.tables)


def as_stored(built: list[Table]) -> list[dict]:
    """The tables as JSON for ``BuiltPage``: every cell is text already; the chart is the SVG as drawn."""
    return [
        {
            "key": table.key,
            "caption": str(table.caption),
            "header": [str(label) for label in table.header],
            "rows": [[str(cell) for cell in row] for row in table.rows],
            "chart": str(table.chart),
            "reading": str(table.reading),
            "notes": [str(note) for note in table.notes],
        }
        for table in built
    ]


def from_stored(stored: list[dict]) -> list[Table]:
    return [
        Table(
            item["key"],
            item["caption"],
            item["header"],
            item["rows"],
            # The chart was drawn by ``charts.bar_chart`` at the refresh, every text in it escaped there.
            mark_safe(item["chart"]),  # noqa: S308
            item["reading"],
            item["notes"],
        )
        for item in stored
    ]


def _build(user, refresh, filters, year: str) -> list[Table]:
    """Every table of the page from one read of the region's figures (and one of the weekly trend). The figures
    are read unfiltered, as cubes with the pattern of hidden cells the refresh chose; a filter only chooses which
    slice of them is shown."""
    rate_cubes = selectors.region_rate_cubes(user, refresh, [m.key for m in (*RATES, *SCORES)])
    now_cubes = (
        selectors.now_cubes(user, refresh) if refresh is not None else {m.key: stored_cube({}, (), ()) for m in NOW}
    )
    # The schools with a figure are the filter's choices, kept with the refresh: no read of every cube's keys.
    names = dict(selectors.filter_choices(user, refresh)["schools"]) if refresh is not None else {}
    return [
        _now_per_school(now_cubes, names, filters),
        _weeks(user, filters),
        _per_year(rate_cubes, filters),
        _per_school(rate_cubes, names, filters, year),
    ]


def definitions() -> list[tuple[str, str]]:
    return [(str(m.label), definition(m)) for m in METRICS.values()]
