"""The dossier's sections: on the pupil page the plans that are current (open OPPs and the latest plan of approach),
for whoever may read them, and the family's correction requests the school has to answer; on the home page the
dossier owner's open correction requests; on the family's page per child their requests and the answers."""

from django.db.models import Count, Window

from overstap.core.panels import FAMILY_CHILD, HOME_PAGE, PUPIL_PAGE, Panel, register
from overstap.pupils.scopes import speaks_to_pupil

from .selectors import corrections_for, corrections_to_answer, current_plans


def plans_context(request, pupil, allowed: set[str]) -> dict | None:
    plans = current_plans(request.user, pupil)
    if not plans["opps"] and plans["integral"] is None:
        return None
    shown = {"dossiers.Opp": [opp.pk for opp in plans["opps"]]}
    if plans["integral"] is not None:
        shown["dossiers.IntegralPlan"] = [plans["integral"].pk]
    return {**plans, "audit_ids": shown}


register(Panel(name="plans", template="dossiers/panels/plans.html", context=plans_context, slot=PUPIL_PAGE, order=25))


# --- Correction requests (AVG art. 16) ---------------------------------------------------------------------------

HOME_FIRST = 5


def corrections_pupil_context(request, pupil, allowed: set[str]) -> dict | None:
    """For the school that wrote the entries: the family's open requests, to answer within four weeks."""
    waiting = list(corrections_to_answer(request.user, pupil))
    if not waiting:
        return None
    return {"corrections": waiting, "audit_ids": {"dossiers.CorrectionRequest": [c.pk for c in waiting]}}


def corrections_home_context(request, _obj, allowed: set[str]) -> dict | None:
    """The dossier owner's open requests over all their pupils: a count and the first five, oldest due first."""
    # The total rides along on every row (a window over the whole list, before the limit): one query, however many.
    waiting = corrections_to_answer(request.user).annotate(total=Window(Count("pk")))
    first = list(waiting[:HOME_FIRST])
    if not first:
        return None
    return {
        "count": first[0].total,
        "corrections": first,
        "audit_ids": {"dossiers.CorrectionRequest": [c.pk for c in first]},
    }


def corrections_family_context(request, pupil, allowed: set[str]) -> dict | None:
    """For the family: their requests about this child's dossier and the answers. Nothing to decide here: once the
    family asked, the school acts, so ``asks`` stays empty."""
    # The family home asks this for every child: the requests of all of them are read once per request.
    reader, found = getattr(request, "_family_corrections", (None, None))
    if found is None or reader != request.user.pk:
        found = {}
        for correction in corrections_for(request.user, None):
            found.setdefault(correction.pupil_id, []).append(correction)
        request._family_corrections = (request.user.pk, found)
    shown = found.get(pupil.pk, [])
    if not shown:
        return None
    return {
        "asks": [],
        "open": [c for c in shown if c.is_open],
        "answered": [c for c in shown if not c.is_open],
        "to_pupil": getattr(pupil, "reader_is_pupil", None)
        if getattr(pupil, "reader_is_pupil", None) is not None
        else speaks_to_pupil(request.user, pupil),
        "audit_ids": {"dossiers.CorrectionRequest": [c.pk for c in shown]},
    }


register(
    Panel(
        name="corrections",
        template="dossiers/panels/corrections_school.html",
        context=corrections_pupil_context,
        slot=PUPIL_PAGE,
        order=6,
    )
)
register(
    Panel(
        name="corrections",
        template="dossiers/panels/corrections_home.html",
        context=corrections_home_context,
        slot=HOME_PAGE,
        order=6,
    )
)
register(
    Panel(
        name="corrections",
        template="dossiers/panels/corrections_family.html",
        context=corrections_family_context,
        slot=FAMILY_CHILD,
        order=60,
    )
)
