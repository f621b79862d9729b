"""Writing OPPs and plans of approach. Every write checks the rule set, validates with messages naming the field
and records its audit event in the same transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can

from .models import ExitProfile, ForWhom, IntegralPlan, Opp, OppEvaluation, OppGoal, PlanAction


def _require(user, pupil):
    if not can(user, "write_plans", pupil):
        raise PermissionDenied
    return actor_for(user).organisation


def create_opp(
    user, pupil, *, exit_profile, exit_level, approach, goals, evaluations, parents_discussed_on=None, request=None
) -> Opp:
    """An OPP with at least one goal and one evaluation date, as the law asks."""
    organisation = _require(user, pupil)
    errors = {}
    if exit_profile not in ExitProfile.values:
        errors["exit_profile"] = _("Exit profile: choose further education, work or day activities.")
    if not (exit_level or "").strip():
        errors["exit_level"] = _("Expected level: say where the pupil is expected to go.")
    if not (approach or "").strip():
        errors["approach"] = _("Approach: describe how the school works on the goals.")
    if not [g for g in goals if g.get("goal", "").strip()]:
        errors["goals"] = _("Goals: give at least one goal.")
    if not evaluations:
        errors["evaluations"] = _("Evaluation: plan at least one evaluation date.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        opp = Opp.objects.create(
            pupil=pupil,
            organisation=organisation,
            exit_profile=exit_profile,
            exit_level=exit_level.strip(),
            approach=approach.strip(),
            parents_discussed_on=parents_discussed_on,
            author_name=str(user),
        )
        for goal in goals:
            if goal.get("goal", "").strip():
                OppGoal.objects.create(
                    opp=opp,
                    area=goal.get("area", "").strip() or "—",
                    goal=goal["goal"].strip(),
                    intermediate_goals=goal.get("intermediate_goals", ""),
                    target_date=goal.get("target_date"),
                )
        for day in evaluations:
            OppEvaluation.objects.create(opp=opp, planned_on=day)
        record(user, Action.CREATE, opp, request=request, detail={"goals": opp.goals.count()})
    return opp


def record_evaluation(user, evaluation: OppEvaluation, outcome: str, *, held_on=None, request=None) -> OppEvaluation:
    _require(user, evaluation.opp.pupil)
    if not (outcome or "").strip():
        raise ValidationError({"outcome": _("Outcome: write what the evaluation showed.")})
    with transaction.atomic():
        evaluation = OppEvaluation.objects.select_for_update().get(pk=evaluation.pk)
        if evaluation.held_on is not None:
            raise ValidationError({"outcome": _("Outcome: this evaluation already has an outcome.")})
        evaluation.outcome = outcome.strip()
        evaluation.held_on = held_on or timezone.localdate()
        evaluation.save(update_fields=["outcome", "held_on"])
        record(user, Action.UPDATE, evaluation.opp, request=request, detail={"evaluation": evaluation.pk})
    return evaluation


def create_integral_plan(user, pupil, *, coordinator, evaluation_on, actions, request=None) -> IntegralPlan:
    organisation = _require(user, pupil)
    errors = {}
    if not (coordinator or "").strip():
        errors["coordinator"] = _("Coordinator: name who keeps the plan together.")
    if not evaluation_on:
        errors["evaluation_on"] = _("Evaluation: give the date of the evaluation.")
    filled = [a for a in actions if a.get("what", "").strip()]
    if not filled:
        errors["actions"] = _("Support and help: give at least one line.")
    for index, action in enumerate(filled, start=1):
        if action.get("for_whom") not in ForWhom.values:
            errors["actions"] = _("Line %(row)s: choose for whom (child, family or teacher).") % {"row": index}
        elif not action.get("delivered_by", "").strip() or not action.get("start_on"):
            errors["actions"] = _("Line %(row)s: say who delivers it and from when.") % {"row": index}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = IntegralPlan.objects.create(
            pupil=pupil, organisation=organisation, coordinator=coordinator.strip(), evaluation_on=evaluation_on
        )
        for action in filled:
            PlanAction.objects.create(
                plan=plan,
                for_whom=action["for_whom"],
                what=action["what"].strip(),
                delivered_by=action["delivered_by"].strip(),
                start_on=action["start_on"],
                end_on=action.get("end_on"),
            )
        record(user, Action.CREATE, plan, request=request, detail={"actions": len(filled)})
    return plan
