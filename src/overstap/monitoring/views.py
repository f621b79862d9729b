"""The signal pages: the worklist of the signals a user may see, and one signal with its history and actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
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
        detail={
            "ids": [s.pk for s in page.object_list],
            "pupil_ids": sorted({s.pupil_id for s in page.object_list if s.pupil_id}),
            "kind": kind,
            "status": status,
        },
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
    return _detail(request, signal, ActionForm())


def _detail(request, signal, form):
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
            "form": style_form(form),
        },
    )


def _act(request, pk: int, service, done=None):
    signal = authorised_object(request, Signal.objects.all(), "view", pk=pk)
    form = ActionForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form.errors)
        return redirect(signal)
    try:
        service(request.user, signal, form.cleaned_data)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        if done:
            messages.success(request, done)
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
    """Closing cannot be undone: what was done first, then the shared confirmation page with it, then the step."""
    if request.POST.get("confirmed"):
        return _act(
            request,
            pk,
            lambda user, signal, data: services.close(user, signal, note=data["note"], request=request),
            done=gettext("The signal is closed as handled."),
        )
    signal = authorised_object(request, Signal.objects.select_related("pupil", "owner"), "view", pk=pk)
    form = ActionForm(request.POST)
    if request.POST.get("change"):
        record(request.user, Action.READ, signal, pupil_id=signal.pupil_id, request=request)
        return _detail(request, signal, form)  # back from the confirmation, filled in as it was
    if not form.is_valid():
        flash_errors(request, form.errors)
        return redirect(signal)
    try:
        services.check_close(request.user, signal, note=form.cleaned_data["note"])
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(signal)
    record(request.user, Action.READ, signal, pupil_id=signal.pupil_id, request=request, detail={"page": "confirm"})
    confirm = {
        "kicker": f"{signal.pupil.full_name} · {signal.get_kind_display()}",
        "title": gettext("Close this signal as handled?"),
        "facts": [
            (gettext("Pupil"), signal.pupil.full_name),
            (gettext("Signal"), signal.get_kind_display()),
            (gettext("Status now"), signal.get_status_display()),
            (form.fields["note"].label, form.cleaned_data["note"]),
        ],
        "consequence": gettext(
            "The signal leaves the worklist for good and nothing more can be recorded on it; "
            "if the situation comes back, a new signal follows."
        ),
        "action": reverse("monitoring:close", args=[signal.pk]),
        "fields": [("note", form.cleaned_data["note"]), ("confirmed", "1")],
        "button": gettext("Close the signal"),
        "change": gettext("Change what was done"),
        "cancel": signal.get_absolute_url(),
    }
    return render(request, "ui/confirm.html", {"confirm": confirm})


@login_required
@require_POST
def signal_hand_back(request, pk: int):
    return _act(
        request,
        pk,
        lambda user, signal, data: services.hand_back(user, signal, note=data["note"], request=request),
    )
