"""Notifications on the transitions page."""

from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.authz.views import authorised_object

from ..models import Notification
from ..notifications import mark_read


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = authorised_object(request, Notification.objects.all(), "view", pk=pk)
    mark_read(request.user, notification)
    if request.POST.get("open"):
        return redirect("transitions:detail", pk=notification.case_id)
    return redirect("transitions:list")
