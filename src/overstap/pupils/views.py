from django.core.paginator import Paginator
from django.shortcuts import render

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action, AuditEvent
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.authz.views import authorised_object
from overstap.support.selectors import requests_for_pupil

from .models import Guardian, Pupil
from .selectors import MAX_QUERY_LENGTH, pupils_for, school_career

PAGE_SIZE = 50


@login_required
def pupil_list(request):
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    page = Paginator(pupils_for(request.user, query=query), PAGE_SIZE).get_page(request.GET.get("pagina"))
    shown = list(page.object_list)
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type="pupils.Pupil",
        object_repr=f"{len(shown)} pupils",
        detail={"query": query, "pupil_ids": [p.pk for p in shown]},
    )
    return render(request, "pupils/pupil_list.html", {"page": page, "pupils": shown, "query": query})


@login_required
def pupil_detail(request, pk: int):
    pupil = authorised_object(request, Pupil.objects.select_related("municipality"), "view", pk=pk)
    record(request.user, Action.READ, pupil, request=request)
    return render(
        request,
        "pupils/pupil_detail.html",
        {
            "pupil": pupil,
            "career": school_career(request.user, pupil),
            "may_view_audit": can(request.user, "view_audit", pupil),
            "may_view_dossier": can(request.user, "view_dossier", pupil),
            # LWOO, VVE or an arrangement is support information: not for leerplicht/RMC.
            "show_programme": can(request.user, "view_dossier", pupil),
            "may_request_support": can(request.user, "request_support", pupil),
            "guardians": Guardian.objects.for_user(request.user, "list").filter(pupil=pupil),
            "may_add_guardian": can(request.user, "write_plans", pupil),
            "support_requests": requests_for_pupil(request.user, pupil),
        },
    )


@login_required
def pupil_audit(request, pk: int):
    """Who looked at this pupil: for the pupil's own school (IB'er, care coordinator) and the family."""
    pupil = authorised_object(request, Pupil.objects.all(), "view_audit", pk=pk)
    record(request.user, Action.READ, pupil, request=request, detail={"page": "audit"})
    events = AuditEvent.objects.filter(pupil_id=pupil.pk).exclude(action=Action.LIST)
    if getattr(request.user, "acting_membership", None) is None:
        # Breaking confidentiality for a child's safety is not shown to the family: it could alert the very
        # person the child needs protecting from. The privacy officer reviews it instead.
        events = events.exclude(legal_basis__startswith="doorbreking")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "pupils/pupil_audit.html", {"pupil": pupil, "page": page})
