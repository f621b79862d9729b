"""The register (list, counts, filters, export), the route page of one pupil, and recording or ending an absence.
Reads go through ``selectors``, writes through ``services`` and ``workflow``; every page is audited with what it
showed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record, record_form_shown
from overstap.authz.policy import allowed_actions
from overstap.authz.views import authorised_object
from overstap.core.export import csv_response, xlsx_response
from overstap.core.forms import apply_errors, flash_errors
from overstap.pupils.models import Pupil

from . import definition, services, workflow
from .forms import AbsenceForm, CloseRouteForm, EndAbsenceForm, RegisterFilterForm, RouteForm
from .models import AbsenceReport, RouteStatus
from .selectors import (
    absences_of,
    acting_choices,
    filter_options,
    filter_rows,
    open_route,
    register_rows,
    review_due,
    route_pupil,
    routes_of,
)

PAGE_SIZE = 25


def _filtered(request, today):
    """The user's register (one query), the filter form over it, and the rows the filters leave."""
    everyone = register_rows(request.user, today)
    schools, towns = filter_options(everyone)
    form = RegisterFilterForm(request.GET or None, schools=schools, towns=towns)
    chosen = {}
    if form.is_valid():
        data = form.cleaned_data
        chosen = {
            "school": data["school"],
            "municipality": data["gemeente"],
            "status": data["status"],
            "review_due": data["herziening"],
        }
    return everyone, form, chosen, filter_rows(everyone, day=today, **chosen)


def _rows(pupils, today):
    for pupil in pupils:
        yield pupil, definition.reason(pupil, today)


@login_required
def register(request):
    today = timezone.localdate()
    everyone, form, chosen, pupils = _filtered(request, today)
    page = Paginator(pupils, PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = list(_rows(page.object_list, today))
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type="pupils.Pupil",
        object_repr=f"{len(rows)} thuiszitters",
        detail={
            "register": True,
            "pupil_ids": [p.pk for p, _r in rows],
            "filters": {k: v for k, v in chosen.items() if v},
        },
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "thuiszitters/register.html",
        {
            "definition": definition.DEFINITION,
            "rows": rows,
            "pupils": [pupil for pupil, _reason in rows],
            "page": page,
            "form": form,
            "total": len(everyone),
            "absent": sum(1 for pupil in everyone if pupil.enrolled),
            "not_enrolled": sum(1 for pupil in everyone if not pupil.enrolled),
            "review_due": review_due(everyone, today),
            "shown": page.paginator.count,
            "query": query.urlencode(),
            "today": today,
            "nav": "thuiszitters",
        },
    )


EXPORT_HEADER = (
    _("Pupil"),
    _("Date of birth"),
    _("Municipality"),
    _("School"),
    _("Reason"),
    _("Since"),
    _("Route"),
    _("Next review"),
)


@login_required
def export(request, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    today = timezone.localdate()
    _everyone, _form, chosen, pupils = _filtered(request, today)
    header = [str(h) for h in EXPORT_HEADER]
    rows = [
        (
            pupil.full_name,
            pupil.birth_date,
            str(pupil.municipality or ""),
            pupil.school_name or "",
            reason.text,
            reason.since,
            RouteStatus(pupil.route_status).label if pupil.route_status else _("No route yet"),
            pupil.route_review_on,
        )
        for pupil, reason in _rows(pupils, today)
    ]
    record(
        request.user,
        Action.EXPORT,
        request=request,
        object_type="pupils.Pupil",
        object_repr=f"{len(rows)} thuiszitters ({fmt})",
        detail={
            "register": True,
            "format": fmt,
            "pupil_ids": [p.pk for p in pupils],
            "filters": {k: v for k, v in chosen.items() if v},
        },
    )
    filename = f"thuiszitters-{today.isoformat()}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, header, rows)
    return xlsx_response(filename, _("Thuiszitters"), header, rows)


ROUTE_ACTIONS = ("view_route", "act_route", "record_absence", "view_route_support")


def _pupil(request, pupil_pk, action="view_route"):
    pupil = authorised_object(request, Pupil.objects.all(), action, also=ROUTE_ACTIONS, pk=pupil_pk)
    annotated = route_pupil(request.user, pupil.pk)
    if annotated is None:
        raise Http404
    return annotated


def _route_page(request, pupil, *, status=200, route_form=None, close_form=None, conflict=None):
    today = timezone.localdate()
    allowed = allowed_actions(request.user, pupil, ROUTE_ACTIONS)
    support = "view_route_support" in allowed
    route = open_route(request.user, pupil)
    may_act = "act_route" in allowed
    if route_form is None and may_act:
        route_form = RouteForm(
            organisations=acting_choices(pupil),
            support=support,
            initial={
                "acting_organisation": route.acting_organisation_id if route else None,
                "acting_person": route.acting_person if route else "",
                "acting_since": route.acting_since if route else None,
                "arrangement": route.arrangement if route else "",
                "support_note": route.support_note if route else "",
                "next_review_on": route.next_review_on if route else None,
                "version": route.version if route else 0,
            },
        )
    routes = list(routes_of(request.user, pupil))
    absences = list(absences_of(request.user, pupil))
    record(
        request.user,
        Action.READ,
        pupil,
        request=request,
        object_repr=f"{pupil} · thuiszitter route",
        detail={
            "route_ids": [r.pk for r in routes],
            "absence_ids": [a.pk for a in absences],
            "support_shown": support,
        },
    )
    return render(
        request,
        "thuiszitters/route.html",
        {
            "pupil": pupil,
            "definition": definition.DEFINITION,
            "reason": definition.reason(pupil, today) if pupil.counted else None,
            "route": route,
            "routes": routes,
            "absences": absences,
            "support": support,
            "may_act": may_act,
            "may_record": "record_absence" in allowed,
            "route_form": route_form,
            "close_form": close_form or (CloseRouteForm() if may_act and route else None),
            "end_form": EndAbsenceForm(initial={"to_date": today}),
            "conflict": conflict,
            "next_steps": sorted(workflow.ALLOWED[route.status]) if route else [],
            "nav": "thuiszitters",
        },
        status=status,
    )


@login_required
def route(request, pupil_pk: int):
    return _route_page(request, _pupil(request, pupil_pk))


@login_required
@require_POST
def route_save(request, pupil_pk: int):
    pupil = _pupil(request, pupil_pk, "act_route")
    support = "view_route_support" in allowed_actions(request.user, pupil, ROUTE_ACTIONS)
    form = RouteForm(request.POST, organisations=acting_choices(pupil), support=support)
    if form.is_valid():
        data = form.cleaned_data
        chosen = next((o for o in acting_choices(pupil) if o.pk == data["acting_organisation"]), None)
        try:
            services.save_route(
                request.user,
                pupil,
                services.RouteData(
                    acting_organisation=chosen,
                    acting_person=data["acting_person"],
                    acting_since=data["acting_since"],
                    arrangement=data["arrangement"],
                    next_review_on=data["next_review_on"],
                    note=data["note"],
                    support_note=data["support_note"] if support else None,
                ),
                data["version"],
                request=request,
            )
        except services.EditConflict as error:
            form.add_error(
                None,
                _(
                    "Someone else changed this route while you were editing it. Your changes have not been saved "
                    "yet: they are still in the form. Compare them with the route as it is now, adjust and save "
                    "again."
                ),
            )
            form.data = form.data.copy()
            form.data[form.add_prefix("version")] = error.current.version if error.current else 0
            return _route_page(request, pupil, status=409, route_form=form, conflict=error.current)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The route is saved."))
            return redirect("thuiszitters:route", pupil_pk=pupil.pk)
    return _route_page(request, pupil, status=400, route_form=form)


@login_required
@require_POST
def route_take_on(request, pupil_pk: int):
    pupil = _pupil(request, pupil_pk, "act_route")
    try:
        services.take_on(request.user, pupil, request=request)
    except (ValidationError, services.EditConflict) as error:
        if isinstance(error, services.EditConflict):
            messages.error(request, _("Status: someone else changed the route meanwhile; look again."))
        else:
            flash_errors(request, error)
    else:
        messages.success(request, _("The route is being handled."))
    return redirect("thuiszitters:route", pupil_pk=pupil.pk)


@login_required
@require_POST
def route_close(request, pupil_pk: int):
    pupil = _pupil(request, pupil_pk, "act_route")
    route = open_route(request.user, pupil)
    form = CloseRouteForm(request.POST)
    if route is None:
        messages.error(request, _("Status: there is no open route to close."))
        return redirect("thuiszitters:route", pupil_pk=pupil.pk)
    if request.POST.get("change"):
        return _route_page(request, pupil, close_form=form)  # back from the confirmation, filled in as it was
    if form.is_valid() and not request.POST.get("confirmed"):
        # Ending a route cannot be undone: first the confirmation page with how and why, then the step itself.
        record(
            request.user,
            Action.READ,
            pupil,
            request=request,
            object_repr=f"{pupil} · thuiszitter route",
            detail={"page": "confirm", "route_id": route.pk},
        )
        fields = [(form.add_prefix(name), request.POST.get(form.add_prefix(name), "")) for name in form.fields]
        confirm = {
            "kicker": f"{pupil.full_name} · {_('Route')}",
            "title": _("End this route?"),
            "facts": [
                (_("Pupil"), pupil.full_name),
                (_("Acting now"), str(route.acting_organisation or "—")),
                (form.fields["status"].label, RouteStatus(form.cleaned_data["status"]).label),
                (form.fields["note"].label, form.cleaned_data["note"]),
            ],
            "consequence": _(
                "The route is closed for good and can no longer be changed; "
                "if the pupil stays at home again, a new route is opened."
            ),
            "action": reverse("thuiszitters:route-close", args=[pupil.pk]),
            "fields": [*fields, ("confirmed", "1")],
            "button": _("End the route"),
            "change": _("Change how or why"),
            "cancel": reverse("thuiszitters:route", args=[pupil.pk]),
        }
        return render(request, "ui/confirm.html", {"confirm": confirm})
    if form.is_valid():
        try:
            services.close_route(
                request.user, route, status=form.cleaned_data["status"], note=form.cleaned_data["note"], request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The route is closed."))
            return redirect("thuiszitters:route", pupil_pk=pupil.pk)
    return _route_page(request, pupil, status=400, close_form=form)


@login_required
def absence_new(request, pupil_pk: int):
    pupil = _pupil(request, pupil_pk, "record_absence")
    form = AbsenceForm(request.POST or None, initial={"kind": "ongeoorloofd"})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_absence(request.user, pupil, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The absence is recorded."))
            return redirect("thuiszitters:route", pupil_pk=pupil.pk)
    status = 400 if request.method == "POST" else 200
    record_form_shown(request, pupil, "absence-new")
    return render(request, "thuiszitters/absence_form.html", {"pupil": pupil, "form": form}, status=status)


@login_required
@require_POST
def absence_end(request, pk: int):
    report = authorised_object(request, AbsenceReport.objects.select_related("pupil"), "end", pk=pk)
    form = EndAbsenceForm(request.POST)
    if form.is_valid():
        try:
            services.end_absence(request.user, report, to_date=form.cleaned_data["to_date"], request=request)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The absence is ended."))
    else:
        flash_errors(request, form.errors)
    return redirect("thuiszitters:route", pupil_pk=report.pupil_id)
