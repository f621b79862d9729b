"""The sending school's checklist of a case."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.authz.views import authorised_object
from overstap.core.forms import flash_errors

from ..cases import set_aside_checklist_item, tick_checklist_item
from ..models import ChecklistItem, TransitionCase


@login_required
@require_POST
def checklist_done(request, pk: int):
    item = ChecklistItem.objects.filter(pk=pk).first()
    case = authorised_object(request, TransitionCase.objects.all(), "change", pk=item.case_id if item else 0)
    tick_checklist_item(request.user, item, request=request)
    return redirect("transitions:detail", pk=case.pk)


@login_required
@require_POST
def checklist_set_aside(request, pk: int):
    """The sending school sets an item aside with a reason (a required item then no longer holds up sending)."""
    item = ChecklistItem.objects.filter(pk=pk).first()
    case = authorised_object(request, TransitionCase.objects.all(), "change", pk=item.case_id if item else 0)
    try:
        set_aside_checklist_item(request.user, item, request.POST.get("reason", ""), request=request)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, gettext("The item is set aside; the reason is kept with it."))
    return redirect("transitions:detail", pk=case.pk)
