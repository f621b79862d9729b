from urllib.parse import quote

from django.core.paginator import Paginator
from django.shortcuts import render

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import allowed_actions, can
from overstap.authz.views import authorised_object
from overstap.core import panels

from .models import Pupil
from .scopes import acting_as_family, speaks_to_pupil
from .selectors import (
    MAX_QUERY_LENGTH,
    audit_events,
    audit_filter_choices,
    family_of,
    grouped_looks,
    pupils_for,
    school_career,
)

PAGE_SIZE = 50
FILTERS = ("deel", "organisatie", "geweigerd")


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
    membership = getattr(request.user, "acting_membership", None)
    may_add = membership is not None and can(request.user, "add_pupil", membership.organisation)
    return render(
        request,
        "pupils/pupil_list.html",
        {"page": page, "pupils": shown, "query": query, "may_add_pupil": may_add},
    )


@login_required
def pupil_detail(request, pk: int):
    registered = panels.panels(panels.PUPIL_PAGE)
    # Every question this page asks about the pupil, in the one query that also checks it may be seen.
    questions = ["view_audit", "view_dossier", "view_family", "add_guardian", *panels.actions_of(registered)]
    pupil = authorised_object(request, Pupil.objects.select_related("municipality"), "view", also=questions, pk=pk)
    allowed = allowed_actions(request.user, pupil, questions)
    shown = panels.render_panels(request, pupil, allowed, registered)
    # One read event for the page, naming what its panels showed besides the pupil (a panel says it in
    # "audit_ids": {model label: [ids]}).
    ids: dict[str, list] = {}
    for _template, context in shown:
        for label, pks in context.get("audit_ids", {}).items():
            ids.setdefault(label, []).extend(pk for pk in pks if pk not in ids.get(label, []))
    record(request.user, Action.READ, pupil, request=request, detail={"shown": ids} if any(ids.values()) else None)
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
            "family": family_of(request.user, pupil, may_view_family="view_family" in allowed),
            "may_see_family": "view_family" in allowed,
            "may_add_guardian": "add_guardian" in allowed,
            "panels": shown,
        },
    )


@login_required
def pupil_audit(request, pk: int):
    """Who looked at this pupil: for the pupil's own school (IB'er, care coordinator) and the family."""
    pupil = authorised_object(request, Pupil.objects.all(), "view_audit", pk=pk)
    record(request.user, Action.READ, pupil, request=request, detail={"page": "audit"})
    chosen = {
        "part": request.GET.get("deel", "")[:MAX_QUERY_LENGTH],
        "organisation": request.GET.get("organisatie", "")[:20],
        "refused_only": request.GET.get("geweigerd") == "1",
    }
    page = Paginator(audit_events(request.user, pupil, **chosen), PAGE_SIZE).get_page(request.GET.get("pagina"))
    family = acting_as_family(actor_for(request.user))
    return render(
        request,
        # The family reads the same trail in their own words: who in plain words, why as a sentence, no staff notes.
        "pupils/pupil_audit_family.html" if family else "pupils/pupil_audit.html",
        {
            "pupil": pupil,
            "is_pupil": family and speaks_to_pupil(request.user, pupil),
            "name": pupil.preferred_name or pupil.given_names.split()[0],
            "page": page,
            "groups": grouped_looks(page.object_list),
            "chosen": chosen,
            "choices": audit_filter_choices(request.user, pupil),
            "filtered": any(chosen.values()),
            # The filter again in the page links, so paging does not drop it.
            "filter_query": "".join(f"{key}={quote(request.GET[key])}&" for key in FILTERS if request.GET.get(key)),
        },
    )
