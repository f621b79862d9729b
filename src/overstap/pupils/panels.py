"""Sections that other apps add to the pupil page.

The pupil page is where everyone starts with a pupil, but what it shows belongs to many apps: the SWV route, the
transitions, later the signals. The pupils app sits below them and imports none of them; instead each app
registers a panel when it is ready. A panel names the checkpoint actions it needs (the page asks them all in one
query) and a function that returns its template context, or None to stay hidden for this user.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable[[HttpRequest, object, set[str]], dict | None]
    actions: tuple[str, ...] = field(default=())
    order: int = 100


_PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    if panel.name in _PANELS and _PANELS[panel.name] != panel:
        raise RuntimeError(f"Two pupil-page panels are called {panel.name!r}")
    _PANELS[panel.name] = panel
    return panel


def panels() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda panel: (panel.order, panel.name))


def actions_of(registered: list[Panel]) -> list[str]:
    return [action for panel in registered for action in panel.actions]


def render_panels(request: HttpRequest, pupil, allowed: set[str], registered: list[Panel]) -> list[tuple[str, dict]]:
    """(template, context) of every panel that has something to show this user."""
    shown = []
    for panel in registered:
        context = panel.context(request, pupil, allowed)
        if context is not None:
            shown.append((panel.template, {"pupil": pupil, **context}))
    return shown
