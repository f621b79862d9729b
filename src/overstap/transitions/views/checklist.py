"""The sending school's checklist of a case."""

from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.authz.views import authorised_object

from ..cases import tick_checklist_item
from ..models import ChecklistItem, TransitionCase


@login_required
@require_POST
def checklist_done(request, pk: int):
    item = ChecklistItem.objects.filter(pk=pk).first()
    case = authorised_object(request, TransitionCase.objects.all(), "change", pk=item.case_id if item else 0)
    tick_checklist_item(request.user, item, request=request)
    return redirect("transitions:detail", pk=case.pk)
