"""Sections that apps add to a page owned by an app below them.

Some pages gather what many apps know: the pupil page (the SWV route, the move, later the signals), the case page
(the signals about the move), the home page (each role's work). The app that owns the page sits below the apps that
fill it and imports none of them; instead each app registers a panel for a named slot when it is ready. A panel
names the checkpoint actions it needs about the page's object (the page asks them all in one query) and a function
that returns its template context, or None to stay hidden for this user.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest

# The pages that have slots, and what their panels' context function receives as the object.
PUPIL_PAGE = "pupil"  # the pupil
CASE_PAGE = "case"  # the transition case
HOME_PAGE = "home"  # None: the home page is about the user's own work
# One child on the family's home page (the pupil): what is happening now and what the family is asked to decide.
# A panel here is shown to a parent, carer or the pupil, so it speaks plainly (B1) and says "je" to a pupil, "u" to a
# parent or carer. The contract of a FAMILY_CHILD panel:
#
# - ``context(request, pupil, allowed) -> dict | None``, called once per child the reader may see. ``allowed`` is
#   the set of the panel's own ``actions`` (checkpoint actions on ``pupils.Pupil``) that the reader may do on this
#   child, asked for all children in one query by the family home. Return None to stay hidden for this child.
# - ``pupil.reader_is_pupil`` is set by the family home: True when the reader is the child ("je"), False for a
#   parent or carer ("u"); the same answer as ``pupils.scopes.speaks_to_pupil``, without a query per child.
# - The dict may carry ``"asks"``: a list of ``{"text": str, "due": date | None, "url": str}``, what the family is
#   asked to do about this child. The family home lists every child's asks at the top, sorted by due date (undated
#   last), each with the child's name; the panel still shows them in its own section. ``text`` is already
#   translated and addressed (je/u).
# - The dict may carry ``"audit_ids"`` (``{model label: [ids]}``) as on the home page: the family home records one
#   ``list`` event with everything its panels showed.
# - A panel reads its rows through ``for_user(...)`` and shows a parent without parental authority only what the
#   checkpoint lets them see (general information: that a move happens and where to), never dossier content.
# - Keep the queries of a panel independent of the number of children: read all children's rows on the first call
#   and keep them on the request (the family home calls the panels child after child in the same request).
FAMILY_CHILD = "family_child"
# The consent page of one pupil (the pupil): the questions about consent that apps above consent asked the family.
CONSENT_PAGE = "consent"
# The handover page (the transition case): what apps above transitions offer to do with the handover.
HANDOVER_PAGE = "handover"
SLOTS = (PUPIL_PAGE, CASE_PAGE, HOME_PAGE, FAMILY_CHILD, CONSENT_PAGE, HANDOVER_PAGE)


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[[HttpRequest, object, set[str]], dict | None]
    actions: tuple[str, ...] = field(default=())
    order: int = 100
    slot: str = PUPIL_PAGE


_PANELS: dict[tuple[str, str], Panel] = {}


def register(panel: Panel) -> Panel:
    if panel.slot not in SLOTS:
        raise ValueError(f"No page has a slot called {panel.slot!r}")
    key = (panel.slot, panel.name)
    if key in _PANELS and _PANELS[key] != panel:
        raise RuntimeError(f"Two panels are called {panel.name!r} on the {panel.slot} page")
    _PANELS[key] = panel
    return panel


def panels(slot: str = PUPIL_PAGE) -> list[Panel]:
    return sorted((p for (s, _n), p in _PANELS.items() if s == slot), key=lambda panel: (panel.order, panel.name))


def actions_of(registered: list[Panel]) -> list[str]:
    return [action for panel in registered for action in panel.actions]


def render_panels(request: HttpRequest, obj, allowed: set[str], registered: list[Panel]) -> list[tuple[str, dict]]:
    """(template, context) of every panel that has something to show this user."""
    shown = []
    for panel in registered:
        context = panel.context(request, obj, allowed)
        if context is not None:
            shown.append((panel.template, {"object": obj, **context}))
    return shown
