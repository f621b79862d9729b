"""The one-line reading of a figure of now, in words: how many, and how many more or fewer than a week before. For
a small number (1 to 4) the reading says "fewer than 5" and gives no difference, which could give it away."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .figures import NOW
from .suppression import THRESHOLD, is_small

PHRASES = {
    "zonder_plek": lambda n: ngettext("%(n)s pupil without a place", "%(n)s pupils without a place", n),
    "thuiszitters": lambda n: ngettext("%(n)s thuiszitter", "%(n)s thuiszitters", n),
    "no_show": lambda n: ngettext("%(n)s no-show", "%(n)s no-shows", n),
}


def reading(metric: str, now: int, before: int | None) -> str:
    if is_small(now):
        first = PHRASES[metric](THRESHOLD) % {"n": _("fewer than %(n)s") % {"n": THRESHOLD}}
    else:
        first = PHRASES[metric](now) % {"n": now}
    first = first[:1].upper() + first[1:]
    if before is None:
        return _("%(figure)s; no figure of a week ago yet.") % {"figure": first}
    if is_small(now) or is_small(before):
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
    out = []
    for metric in NOW:
        now = head["now"][metric.key]
        before = last_week[metric.key] if last_week is not None else None
        out.append(
            {
                "metric": metric,
                "shown": f"<{THRESHOLD}" if is_small(now) else str(now),
                "reading": reading(metric.key, now, before),
            }
        )
    return out
