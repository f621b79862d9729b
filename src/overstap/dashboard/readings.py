"""The one-line reading of a figure of now, in words: how many, and how many more or fewer than a week before. For
a reader who sees small numbers hidden, a number of 1 to 4 reads "fewer than 5" and a number hidden to protect a
small one elsewhere reads "not shown"; either gives no difference, which could give it away. A reader whose figures
are made of pupils they may see (leerplicht) reads every number as it is."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .figures import NOW
from .suppression import THRESHOLD, is_small

PHRASES = {
    "zonder_plek": lambda n: ngettext("%(n)s pupil without a place", "%(n)s pupils without a place", n),
    "thuiszitters": lambda n: ngettext("%(n)s thuiszitter", "%(n)s thuiszitters", n),
    "no_show": lambda n: ngettext("%(n)s no-show", "%(n)s no-shows", n),
}
SHOWN, SMALL, HIDDEN = "", "small", "hidden"


def _state(value: int | None, state: str | None) -> str:
    if state is not None:
        return state
    return SMALL if value is not None and is_small(value) else SHOWN


def reading(metric: str, now: int, before: int | None, *, state: str | None = None, before_state=None) -> str:
    """``state`` and ``before_state`` say how each number may be shown (``SHOWN``, ``SMALL``, ``HIDDEN``); without
    them a number of 1 to 4 counts as small."""
    state, before_state = _state(now, state), _state(before, before_state)
    if state == SMALL:
        first = PHRASES[metric](THRESHOLD) % {"n": _("fewer than %(n)s") % {"n": THRESHOLD}}
    elif state == HIDDEN:
        first = PHRASES[metric](2) % {"n": _("a number not shown")}
    else:
        first = PHRASES[metric](now) % {"n": now}
    first = first[:1].upper() + first[1:]
    if before is None:
        return _("%(figure)s; no figure of a week ago yet.") % {"figure": first}
    if state != SHOWN or before_state != SHOWN:
        return _("%(figure)s.") % {"figure": first}
    difference = now - before
    if difference == 0:
        change = _("as many as last week")
    elif difference < 0:
        change = ngettext("%(n)s fewer than last week", "%(n)s fewer than last week", -difference) % {"n": -difference}
    else:
        change = ngettext("%(n)s more than last week", "%(n)s more than last week", difference) % {"n": difference}
    return _("%(figure)s, %(change)s.") % {"figure": first, "change": change}


def readings(head: dict) -> list[dict]:
    last_week = head["last_week"]
    states = head.get("states") or {}
    states_before = head.get("states_before") or {}
    out = []
    for metric in NOW:
        now = head["now"][metric.key]
        before = last_week[metric.key] if last_week is not None else None
        state = states.get(metric.key)
        shown = {SMALL: f"<{THRESHOLD}", HIDDEN: "x"}.get(_state(now, state), str(now))
        out.append(
            {
                "metric": metric,
                "shown": shown,
                "reading": reading(metric.key, now, before, state=state, before_state=states_before.get(metric.key)),
            }
        )
    return out
