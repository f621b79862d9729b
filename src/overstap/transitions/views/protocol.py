"""The regional protocol: what a samenwerkingsverband adds to the matrix for its region (its own forms, dates and
checks). Everyone working in the region reads it; the SWV consultant keeps it. New cases pick the active items up
in their checklist when they are opened."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from overstap.accounts.decorators import login_required
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, flash_errors

from ..forms import ProtocolDateForm, ProtocolItemForm
from ..models import ProtocolItem
from ..protocol import add_protocol_item, managed_region, retire_protocol_item, set_protocol_date


@login_required
def protocol(request):
    if getattr(request.user, "acting_membership", None) is None:
        raise Http404  # the protocol is for professionals; families have no region
    region = managed_region(request.user)
    form = None
    if region is not None:
        form = ProtocolItemForm(request.POST or None)
    elif request.method == "POST":
        raise Http404
    if request.method == "POST" and form.is_valid():
        try:
            add_protocol_item(request.user, region, **form.cleaned_data, request=request)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, gettext("The item was added. New transitions in the region get it on their checklist.")
            )
            return redirect("transitions:protocol")
    items = ProtocolItem.objects.for_user(request.user, "list").select_related("region")
    active = list(items.filter(active=True).order_by("region__name", "pk"))
    for item in active:
        if region is not None and item.region_id == region.pk:
            # The consultant changes the dates of the region's own items in place (new dates each school year).
            item.date_form = ProtocolDateForm(
                initial={"due_on": item.due_on, "milestone": item.milestone}, prefix=f"datum-{item.pk}"
            )
    return render(
        request,
        "transitions/protocol.html",
        {
            "items": active,
            "retired": items.filter(active=False, region=region).order_by("-pk") if region else [],
            "form": form,
            "region": region,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def protocol_retire(request, pk: int):
    """GET: the shared confirmation page (a retired item cannot be used again); POST (from it): retire it."""
    item = authorised_object(request, ProtocolItem.objects.all(), "manage", pk=pk)
    if request.method == "GET":
        confirm = {
            "kicker": gettext("Regional protocol"),
            "title": gettext("Stop using this item for new transitions?"),
            "facts": [
                (gettext("Item"), item.text),
                (gettext("Transitions"), ", ".join(item.transitions)),
                (gettext("Source"), item.source),
            ],
            "consequence": gettext(
                "New transitions no longer get this item; transitions that have it keep it. To use it again, add it "
                "anew."
            ),
            "action": reverse("transitions:protocol-retire", args=[item.pk]),
            "fields": [],
            "button": gettext("Stop using"),
            "cancel": reverse("transitions:protocol"),
        }
        return render(request, "ui/confirm.html", {"confirm": confirm})
    retire_protocol_item(request.user, item, request=request)
    messages.success(request, gettext("The item is no longer used for new transitions."))
    return redirect("transitions:protocol")


@login_required
@require_POST
def protocol_date(request, pk: int):
    item = authorised_object(request, ProtocolItem.objects.all(), "manage", pk=pk)
    form = ProtocolDateForm(request.POST, prefix=f"datum-{item.pk}")
    if not form.is_valid():
        messages.error(request, gettext("Deadline: give a date as day-month-year."))
        return redirect("transitions:protocol")
    try:
        set_protocol_date(request.user, item, **form.cleaned_data, request=request)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, gettext("The date was changed."))
    return redirect("transitions:protocol")
