"""The family's home: per child what is happening now and, first, what the family is asked to do and by when."""

import datetime

from django.shortcuts import render

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.core import panels

from . import selectors

PUPIL = "pupils.Pupil"
# The actions the home itself asks about each child (the panels add their own).
HOME_ACTIONS = ("view_audit",)


def home(request):
    """What a parent, carer or the pupil sees at "/" (ui.home hands over to this view). Each child has a section
    with their name, age and school and the panels of the apps in the family-child slot (core/panels.py); their
    "asks" are gathered at the top, sorted by date."""
    children = selectors.children_of(request.user)
    registered = panels.panels(panels.FAMILY_CHILD)
    allowed = selectors.allowed_on_children(request.user, children, [*HOME_ACTIONS, *panels.actions_of(registered)])
    sections, asks = [], []
    ids: dict[str, list] = {PUPIL: [child.pupil.pk for child in children]}
    for child in children:
        child.pupil.reader_is_pupil = child.is_self
        shown = panels.render_panels(request, child.pupil, allowed[child.pupil.pk], registered)
        for _template, context in shown:
            asks.extend({**ask, "child": child} for ask in context.get("asks", ()))
            for label, pks in context.get("audit_ids", {}).items():
                ids.setdefault(label, []).extend(pk for pk in pks if pk not in ids.get(label, []))
        sections.append({"child": child, "panels": shown, "may_see_audit": "view_audit" in allowed[child.pupil.pk]})
    asks.sort(key=lambda ask: (ask["due"] is None, ask["due"] or datetime.date.max, ask["child"].name))
    if any(ids.values()):
        record(
            request.user,
            Action.LIST,
            request=request,
            object_type="family.home",
            object_repr="family home",
            detail={"shown": {label: pks for label, pks in ids.items() if pks}},
        )
    return render(
        request,
        "family/home.html",
        {
            "sections": sections,
            "asks": asks,
            # "je" when every child on the page is the reader themself, else "u".
            "is_pupil": bool(children) and all(child.is_self for child in children),
        },
    )
