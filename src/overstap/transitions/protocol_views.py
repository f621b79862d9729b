"""The regional protocol: what a samenwerkingsverband adds to the matrix for its region (its own forms, dates and
checks). Everyone working in the region reads it; the SWV consultant keeps it. New cases pick the active items up
in their checklist when they are opened."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, style_form
from overstap.matrix.schema import TRANSITION_CODES

from .models import ProtocolItem
from .protocol import add_protocol_item, managed_region, retire_protocol_item


class ProtocolItemForm(forms.Form):
    text = forms.CharField(
        label=_("Item"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the school must do, as it will appear on the checklist."),
        error_messages={"required": _("Item: describe what the school must do.")},
    )
    transitions = forms.MultipleChoiceField(
        label=_("Transitions"),
        choices=[(code, code) for code in TRANSITION_CODES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Transitions: choose at least one."),
            "invalid_choice": _("Transitions: choose from the list."),
        },
    )
    required = forms.BooleanField(
        label=_("Always required"),
        required=False,
        initial=True,
        help_text=_("Untick when it only applies to some pupils, and say when below."),
    )
    condition = forms.CharField(label=_("When"), required=False, max_length=300)
    due_on = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Deadline: use the form dd-mm-yyyy.")},
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_("The protocol or agreement it comes from."),
        error_messages={"required": _("Source: name the protocol or agreement it comes from.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)

    def clean(self):
        data = super().clean()
        if not data.get("required") and not (data.get("condition") or "").strip():
            # The school judges whether an item that is not always required applies: it needs to know when.
            self.add_error("condition", gettext("When: say when the item applies, or tick “Always required”."))
        return data


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
    return render(
        request,
        "transitions/protocol.html",
        {
            "items": items.filter(active=True).order_by("region__name", "pk"),
            "retired": items.filter(active=False, region=region).order_by("-pk") if region else [],
            "form": form,
            "region": region,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def protocol_retire(request, pk: int):
    item = authorised_object(request, ProtocolItem.objects.all(), "manage", pk=pk)
    retire_protocol_item(request.user, item, request=request)
    messages.success(request, gettext("The item is no longer used for new transitions."))
    return redirect("transitions:protocol")
