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
from .suppression import TOTAL, is_small, suppress

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


def _rate_sensitive(count: int, base: int) -> bool:
    return is_small(count) or is_small(base) or is_small(base - count)


def _of(all_cells, metrics) -> list[dict]:
    keys = {m.key for m in metrics}
    return [cell for cell in all_cells if cell["metric"] in keys]


def _now_per_school(all_cells, names) -> Table:
    rows_by_school: dict = {}
    for cell in _of(all_cells, NOW):
        rows_by_school.setdefault(cell["school_id"], dict.fromkeys((m.key for m in NOW), 0))
        rows_by_school[cell["school_id"]][cell["metric"]] += cell["count"]
    schools = sorted(rows_by_school, key=lambda pk: names.get(pk, ""))
    values = [[rows_by_school[pk][m.key] for m in NOW] for pk in schools]
    protected = suppress(values, row_totals=False, column_totals=True) if values else None
    rows = []
    for index, pk in enumerate(schools):
        rows.append([names.get(pk, _("School unknown"))] + [protected.shown((index, c)) for c in range(len(NOW))])
    if values:
        rows.append([_("Region (sum of the schools)")] + [protected.shown((TOTAL, c)) for c in range(len(NOW))])
    # The chart shows the schools with the most pupils without a place (hidden small counts after them, in the
    # order of the table, so their place in the chart says nothing about their size); the table has every school.
    shown = [i for i in range(len(schools)) if values[i][0] and not protected.hidden((i, 0))]
    shown.sort(key=lambda i: -values[i][0])
    hidden = [i for i in range(len(schools)) if values[i][0] and protected.hidden((i, 0))]
    bars = [Bar(rows[i][0], values[i][0], rows[i][1]) for i in shown[:CHART_SCHOOLS]]
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
    weeks = [day for day, _n in series[NOW[0].key]]
    rows = []
    bars = []
    for index, day in enumerate(weeks):
        shown = []
        for m in NOW:
            value = series[m.key][index][1]
            shown.append("<5" if is_small(value) else str(value))
        rows.append([day.strftime("%d-%m-%Y"), *shown])
        first = series[NOW[0].key][index][1]
        bars.append(Bar(day.strftime("%d-%m-%Y"), None if is_small(first) else first, shown[0]))
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


def _per_year(all_cells) -> Table:
    metrics = [*RATES, *SCORES]
    sums: dict = {}
    for cell in _of(all_cells, metrics):
        entry = sums.setdefault((cell["school_year"], cell["metric"]), [0, 0])
        entry[0] += cell["count"]
        entry[1] += cell["base"]
    years = sorted({year for year, _m in sums}, reverse=True)
    rows = []
    for year in years:
        row = [year]
        for m in metrics:
            count, base = sums.get((year, m.key), (0, 0))
            row.append(_shown(m, count, base))
        rows.append(row)
    bars = []
    for m in RATES:
        for year in years:
            count, base = sums.get((year, m.key), (0, 0))
            if not base:
                continue
            hidden = _rate_sensitive(count, base)
            bars.append(Bar(f"{m.label} · {year}", None if hidden else 100 * count / base, _shown(m, count, base)))
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
    if _rate_sensitive(count, base):
        return "x"
    return f"{_percent(count, base)} ({of or _('of')} {base})"


def _per_school(all_cells, names, year: str) -> Table:
    metrics = [*RATES, *SCORES]
    per_school: dict = {}
    for cell in _of(all_cells, metrics):
        if year and cell["school_year"] != year:
            continue
        entry = per_school.setdefault(cell["school_id"], {}).setdefault(cell["metric"], [0, 0])
        entry[0] += cell["count"]
        entry[1] += cell["base"]
    schools = sorted(per_school, key=lambda pk: names.get(pk, ""))
    columns = []
    for m in metrics:
        counts = [per_school[pk].get(m.key, [0, 0]) for pk in schools]
        if m.kind == "score":
            protected = suppress([[base] for _count, base in counts], row_totals=False, column_totals=True)
        else:
            protected = suppress(
                [[count] for count, _base in counts],
                row_totals=False,
                column_totals=True,
                sensitive=lambda key, counts=counts: key[0] != TOTAL and _rate_sensitive(*counts[key[0]]),
            )
        total = [sum(c for c, _b in counts), sum(b for _c, b in counts)]
        cells = []
        of = _("of")
        for index, (count, base) in enumerate(counts):
            cells.append("x" if protected.hidden((index, 0)) and base else _shown(m, count, base, of))
        hidden_total = protected.hidden((TOTAL, 0)) and total[1]
        cells.append("x" if hidden_total else _shown(m, *total))
        columns.append(cells)
    rows = []
    for index, pk in enumerate(schools):
        rows.append([names.get(pk, _("School unknown")), *[column[index] for column in columns]])
    if schools:
        rows.append([_("Region"), *[column[-1] for column in columns]])
    return Table(
        "scholen",
        _("Per school the pupil leaves, school year %(year)s") % {"year": year or _("all")},
        [_("School"), *[str(m.label) for m in metrics]],
        rows,
    )


def build(user, refresh, filters, year: str) -> list[Table]:
    """Every table of the page, kept in the cache for as long as this refresh is the latest. A refresh never
    changes, and what a reader may see of it depends only on their organisation and role (``rules.figure_view``),
    so those are the key; a new refresh makes a new key."""
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
        found = _build(user, refresh, filters, year)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _build(user, refresh, filters, year: str) -> list[Table]:
    """Every table of the page from one read of the figures (and one of the weekly trend)."""
    all_cells = selectors.cells(user, refresh, filters, list(METRICS))
    names = selectors.school_names({c["school_id"] for c in all_cells})
    return [
        _now_per_school(all_cells, names),
        _weeks(user, filters),
        _per_year(all_cells),
        _per_school(all_cells, names, year),
    ]


def definitions() -> list[tuple[str, str]]:
    return [(str(m.label), definition(m)) for m in METRICS.values()]
