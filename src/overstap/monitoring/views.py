"""The signal pages: the worklist of the signals a user may see, and one signal with its history and actions."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import allowed_actions
from overstap.authz.views import authorised_object
from overstap.core.forms import flash_errors, style_form

from . import services
from .forms import ActionForm, FilterForm
from .models import Signal
from .selectors import counts_per_kind, history, signals_for

PAGE_SIZE = 25


@login_required
def signal_list(request):
    filters = FilterForm(request.GET or None)
    kind = status = ""
    if filters.is_valid():
        kind, status = filters.cleaned_data["soort"], filters.cleaned_data["status"]
    page = Paginator(signals_for(request.user, kind=kind, status=status), PAGE_SIZE).get_page(request.GET.get("pagina"))
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type="monitoring.Signal",
        object_repr=f"{len(page.object_list)} signals",
        detail={"ids": [s.pk for s in page.object_list], "kind": kind, "status": status},
    )
    return render(
        request,
        "monitoring/signal_list.html",
        {
            "page": page,
            "filters": style_form(filters),
            "counts": counts_per_kind(request.user),
            "kind": kind,
            "status": status,
        },
    )


@login_required
def signal_detail(request, pk: int):
    signal = authorised_object(request, Signal.objects.select_related("pupil", "owner", "case"), "view", pk=pk)
    record(request.user, Action.READ, signal, pupil_id=signal.pupil_id, request=request)
    allowed = allowed_actions(request.user, signal, ("handle", "record"))
    return render(
        request,
        "monitoring/signal_detail.html",
        {
            "signal": signal,
            "handled_where": signal.handled_where(),
            "events": history(signal),
            "may_handle": "handle" in allowed and signal.is_open,
            "may_record": "record" in allowed and signal.is_open,
            "form": style_form(ActionForm()),
        },
    )


def _act(request, pk: int, service):
    signal = authorised_object(request, Signal.objects.all(), "view", pk=pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form.errors)
        return redirect(signal)
    try:
        service(request.user, signal, form.cleaned_data)
    except ValidationError as error:
        flash_errors(request, error)
    return redirect(signal)


@login_required
@require_POST
def signal_take_on(request, pk: int):
    return _act(
        request,
        pk,
        lambda user, signal, data: services.take_on(
            user, signal, note=data["note"], next_on=data["next_on"], request=request
        ),
    )


@login_required
@require_POST
def signal_record(request, pk: int):
    return _act(
        request,
        pk,
        lambda user, signal, data: services.record_action(
            user, signal, note=data["note"], next_on=data["next_on"], request=request
        ),
    )


@login_required
@require_POST
def signal_close(request, pk: int):
    return _act(
        request,
        pk,
        lambda user, signal, data: services.close(user, signal, note=data["note"], request=request),
    )


@login_required
@require_POST
def signal_hand_back(request, pk: int):
    return _act(
        request,
        pk,
        lambda user, signal, data: services.hand_back(user, signal, note=data["note"], request=request),
    )
