"""The dossier's section on the pupil page: the plans that are current (open OPPs and the latest plan of approach),
for whoever may read them."""

from overstap.core.panels import PUPIL_PAGE, Panel, register

from .selectors import current_plans


def plans_context(request, pupil, allowed: set[str]) -> dict | None:
    plans = current_plans(request.user, pupil)
    if not plans["opps"] and plans["integral"] is None:
        return None
    shown = {"dossiers.Opp": [opp.pk for opp in plans["opps"]]}
    if plans["integral"] is not None:
        shown["dossiers.IntegralPlan"] = [plans["integral"].pk]
    return {**plans, "audit_ids": shown}


register(Panel(name="plans", template="dossiers/panels/plans.html", context=plans_context, slot=PUPIL_PAGE, order=25))
