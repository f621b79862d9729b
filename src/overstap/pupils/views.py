from django.core.paginator import Paginator
from django.shortcuts import render

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action, AuditEvent
from overstap.audit.services import record
from overstap.authz.policy import allowed_actions
from overstap.authz.views import authorised_object
from overstap.core import panels

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
    registered = panels.panels(panels.PUPIL_PAGE)
    # Every question this page asks about the pupil, in the one query that also checks it may be seen.
    questions = ["view_audit", "view_dossier", "add_guardian", *panels.actions_of(registered)]
    pupil = authorised_object(request, Pupil.objects.select_related("municipality"), "view", also=questions, pk=pk)
    record(request.user, Action.READ, pupil, request=request)
    allowed = allowed_actions(request.user, pupil, questions)
    return render(
        request,
        "pupils/pupil_detail.html",
        {
            "pupil": pupil,
            "career": school_career(request.user, pupil),
            "may_view_audit": "view_audit" in allowed,
            "may_view_dossier": "view_dossier" in allowed,
            # LWOO, VVE or an arrangement is support information: not for leerplicht/RMC.
            "show_programme": "view_dossier" in allowed,
            "guardians": Guardian.objects.for_user(request.user, "list").filter(pupil=pupil),
            "may_add_guardian": "add_guardian" in allowed,
            "panels": panels.render_panels(request, pupil, allowed, registered),
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
