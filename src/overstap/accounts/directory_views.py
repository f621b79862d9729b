"""The directory of organisations and who works there: people are this app's, so the pages are too."""

from django.shortcuts import render

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.views import authorised_object
from overstap.organisations.models import Organisation

from .decorators import login_required
from .models import Membership


@login_required
def organisation_list(request):
    organisations = Organisation.objects.for_user(request.user, "list").select_related("municipality")
    return render(request, "organisations/organisation_list.html", {"organisations": organisations})


@login_required
def organisation_detail(request, pk: int):
    organisation = authorised_object(request, Organisation.objects.all(), "view", pk=pk)
    members = (
        Membership.objects.for_user(request.user, "list")
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__last_name")
    )
    if members:
        record(request.user, Action.READ, organisation, request=request, detail={"members": len(members)})
    return render(
        request,
        "organisations/organisation_detail.html",
        {"organisation": organisation, "members": members, "regions": organisation.regions.all()},
    )
