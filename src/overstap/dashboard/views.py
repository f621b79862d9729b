"""The regional dashboard (``/regio/``): the headline figures with what changed since last week, the charts with
their tables, the exports, and for leerplicht the pupils behind a figure of now."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.core.export import csv_response, xlsx_response

from . import selectors, tables
from .figures import METRICS, NOW
from .forms import FilterForm
from .readings import readings
from .rules import drills_down, reads_dashboard

PAGE_SIZE = 25


def _reader(request):
    actor = actor_for(request.user)
    if not reads_dashboard(actor):
        raise Http404
    return actor


def _filters(request, refresh):
    choices = selectors.filter_choices(request.user, refresh)
    form = FilterForm(request.GET or None, choices=choices)
    filters = selectors.Filters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(data["school"], data["overstap"], data["schooljaar"])
    year = filters.school_year or (choices["years"][0] if choices["years"] else "")
    return form, filters, year


@login_required
def dashboard(request):
    actor = _reader(request)
    refresh = selectors.latest_refresh()
    form, filters, year = _filters(request, refresh)
    head = selectors.headline(request.user, filters)
    built = [
        table.paged(request.GET.get(f"pagina_{table.key}")) if table.key in tables.PAGED and table.rows else table
        for table in tables.build(request.user, refresh, filters, year)
    ]
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type="dashboard.Figure",
        object_repr=f"regional dashboard of {actor.organisation}",
        detail={"filters": filters.as_query(), "refresh": refresh.pk if refresh else None},
    )
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "nav": "dashboard",
            "organisation": actor.organisation,
            "headline": head,
            "readings": readings(head),
            "filters": form.selects(),
            "query": filters.as_query(),
            "tables": built,
            "definitions": tables.definitions(),
            "drills_down": drills_down(actor),
            "now_metrics": NOW,
        },
    )


@login_required
def export(request, table: str, fmt: str):
    actor = _reader(request)
    if table not in tables.TABLES or fmt not in ("csv", "xlsx"):
        raise Http404
    refresh = selectors.latest_refresh()
    _form, filters, year = _filters(request, refresh)
    found = next(t for t in tables.build(request.user, refresh, filters, year) if t.key == table)
    record(
        request.user,
        Action.EXPORT,
        request=request,
        object_type="dashboard.Figure",
        object_repr=f"{found.title} ({fmt}) of {actor.organisation}",
        detail={"table": table, "format": fmt, "filters": filters.as_query(), "rows": len(found.rows)},
    )
    filename = f"overstap-regio-{table}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, found.header, found.rows)
    return xlsx_response(filename, found.title, found.header, found.rows)


@login_required
def pupils(request, metric: str):
    """The pupils behind a figure of now, for a reader who may see them: the signal worklist of the checkpoint."""
    actor = _reader(request)
    if not drills_down(actor) or metric not in {m.key for m in NOW}:
        raise Http404
    refresh = selectors.latest_refresh()
    _form, filters, _year = _filters(request, refresh)
    page = Paginator(selectors.drill_down(request.user, metric, filters), PAGE_SIZE).get_page(request.GET.get("pagina"))
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type="monitoring.Signal",
        object_repr=f"{len(page.object_list)} signals behind {metric}",
        detail={
            "ids": [s.pk for s in page.object_list],
            "pupil_ids": sorted({s.pupil_id for s in page.object_list if s.pupil_id}),
            "metric": metric,
            "filters": filters.as_query(),
        },
    )
    return render(
        request,
        "dashboard/pupils.html",
        {
            "nav": "dashboard",
            "metric": METRICS[metric],
            "page": page,
            "query": filters.as_query(),
            "title": _("Pupils"),
        },
    )
