from django.shortcuts import render

from overstap.accounts.decorators import is_fully_authenticated
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.core import panels
from overstap.family.views import home as family_home
from overstap.matrix.loader import get_matrix
from overstap.pupils.scopes import acting_as_family

QUICK_TRANSITIONS = ("PO-VO", "VO-MBO", "VVE-PO", "PO-SBO")


def _quick_transitions():
    matrix = get_matrix()
    return [matrix.transition(code) for code in QUICK_TRANSITIONS]


def _pupil_ids_in(values, depth: int = 0):
    """The ids of the pupils a panel's context shows: objects with a pupil, pupils, in lists and dicts."""
    for value in values:
        if isinstance(value, dict) and depth < 3:
            yield from _pupil_ids_in(value.values(), depth + 1)
        elif isinstance(value, list | tuple) and depth < 3:
            yield from _pupil_ids_in(value, depth + 1)
        elif getattr(getattr(value, "_meta", None), "label", "") == "pupils.Pupil":
            yield value.pk
        elif isinstance(getattr(value, "pupil_id", None), int):
            yield value.pupil_id


def home(request):
    """The introduction for visitors; for someone logged in, what needs doing today in the role they act in."""
    if not is_fully_authenticated(request):
        return render(request, "ui/home.html", {"quick_transitions": _quick_transitions()})
    actor = actor_for(request.user)
    if acting_as_family(actor):
        # A parent, carer or the pupil: the family's own home, per child (family/views.py).
        return family_home(request)
    # The panels of the apps that own the work (see core/panels.py); each asks the checkpoint for its own rows and
    # stays hidden when this person has nothing there. The page is about no object, so no actions are asked.
    shown = panels.render_panels(request, None, set(), panels.panels(panels.HOME_PAGE))
    # The panels name pupils: one list event for the page, with what each panel showed (a panel may say it in
    # "audit_ids": {model label: [ids]}).
    ids: dict[str, list] = {}
    for _template, context in shown:
        for label, pks in context.get("audit_ids", {}).items():
            ids.setdefault(label, []).extend(pk for pk in pks if pk not in ids.get(label, []))
    # And the pupils themselves, found in what the panels show (a signal, a case, a move names its pupil), so that
    # "who looked at my child" finds this page too.
    pupil_ids = sorted({pk for _template, context in shown for pk in _pupil_ids_in(context.values())})
    if pupil_ids:
        ids["pupils.Pupil"] = sorted(set(ids.get("pupils.Pupil", [])) | set(pupil_ids))
    if any(ids.values()):
        record(
            request.user,
            Action.LIST,
            request=request,
            object_type="ui.home",
            object_repr="home page",
            detail={"shown": {label: pks for label, pks in ids.items() if pks}},
        )
    return render(
        request,
        "ui/home_personal.html",
        {
            "membership": actor.membership,
            "panels": shown,
            "quick_transitions": _quick_transitions(),
        },
    )
