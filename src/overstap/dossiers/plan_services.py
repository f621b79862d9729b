"""Writing OPPs and plans of approach. Every write checks the rule set, validates with messages naming the field,
keeps a version and records its audit event in the same transaction.

Editing works like dossier entries (``services.update_entry``): the row is locked, the version the person started
from must still be the newest (else ``EditConflict``, nothing saved), and every saved state is kept as a
``PlanVersion``."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can

from .models import ExitProfile, ForWhom, IntegralPlan, Opp, OppEvaluation, OppGoal, PlanAction, PlanVersion
from .services import EditConflict

# Free text limits: long enough for a real plan, short enough to stay a plan (and a readable handover).
MAX_APPROACH = 5_000
MAX_GOAL = 2_000
MAX_LINE = 200
MAX_OUTCOME = 5_000


@dataclass(frozen=True)
class BasedOn:
    """The plan a receiving school carries on: whose it was, when it arrived, and in which handover."""

    organisation: object
    received_on: datetime.date
    handover_id: int


def _require(user, pupil):
    if not can(user, "write_plans", pupil):
        raise PermissionDenied
    return actor_for(user).organisation


def _too_long(errors: dict, key: str, label: str, value: str, limit: int) -> None:
    if len(value or "") > limit and key not in errors:
        errors[key] = _("%(field)s: write at most %(limit)s characters (now %(length)s).") % {
            "field": label,
            "limit": limit,
            "length": len(value),
        }


def _check_opp(data: dict, goals: list[dict], evaluations: list, *, held: list[datetime.date]) -> dict:
    """The OPP's fields, goals and the evaluations still to be held; ``held`` are the dates already evaluated."""
    today = timezone.localdate()
    errors = {}
    if data.get("exit_profile") not in ExitProfile.values:
        errors["exit_profile"] = _("Exit profile: choose further education, work or day activities.")
    if not (data.get("exit_level") or "").strip():
        errors["exit_level"] = _("Expected level: say where the pupil is expected to go.")
    _too_long(errors, "exit_level", _("Expected level"), data.get("exit_level"), MAX_LINE)
    if not (data.get("approach") or "").strip():
        errors["approach"] = _("Approach: describe how the school works on the goals.")
    _too_long(errors, "approach", _("Approach"), data.get("approach"), MAX_APPROACH)
    discussed = data.get("parents_discussed_on")
    if discussed and discussed > today:
        errors["parents_discussed_on"] = _(
            "Discussed with the parents on: the discussion cannot be in the future; give the day it took place."
        )
    filled = [g for g in goals if (g.get("goal") or "").strip()]
    if not filled:
        errors["goals"] = _("Goals: give at least one goal.")
    for index, goal in enumerate(filled, start=1):
        for key, label, limit in (
            ("area", _("Area"), 100),
            ("goal", _("Goal"), MAX_GOAL),
            ("intermediate_goals", _("Intermediate goals"), MAX_GOAL),
        ):
            if len(goal.get(key) or "") > limit and "goals" not in errors:
                errors["goals"] = _("Goal %(row)s, %(field)s: write at most %(limit)s characters.") % {
                    "row": index,
                    "field": label.lower(),
                    "limit": limit,
                }
    if not evaluations and not held:
        errors["first_evaluation"] = _("First evaluation: plan at least one evaluation date.")
    for key, day in zip(("first_evaluation", "second_evaluation"), evaluations, strict=False):
        if day < today:
            errors.setdefault(key, _("%(field)s: a planned evaluation cannot be in the past.") % {"field": _label(key)})
    if len(evaluations) == 2 and evaluations[1] <= evaluations[0]:
        errors.setdefault("second_evaluation", _("Second evaluation: plan it after the first evaluation."))
    if evaluations and held and evaluations[0] <= max(held):
        errors.setdefault(
            "first_evaluation",
            _("First evaluation: plan it after the last evaluation that was held (%(day)s).")
            % {"day": max(held).strftime("%d-%m-%Y")},
        )
    return errors


def _label(key: str) -> str:
    return {"first_evaluation": _("First evaluation"), "second_evaluation": _("Second evaluation")}[key]


def goals_snapshot(opp: Opp) -> list[dict]:
    """The OPP's goals as plain data: for its versions here, and for the handover that carries them to a new school."""
    return [
        {
            "area": g.area,
            "goal": g.goal,
            "intermediate_goals": g.intermediate_goals,
            "target_date": g.target_date.isoformat() if g.target_date else "",
        }
        for g in opp.goals.all()
    ]


def _opp_snapshot(opp: Opp) -> dict:
    return {
        "exit_profile": opp.exit_profile,
        "exit_level": opp.exit_level,
        "approach": opp.approach,
        "parents_discussed_on": opp.parents_discussed_on.isoformat() if opp.parents_discussed_on else "",
        "goals": goals_snapshot(opp),
        "evaluations": [
            {
                "planned_on": e.planned_on.isoformat(),
                "held_on": e.held_on.isoformat() if e.held_on else "",
                "outcome": e.outcome,
            }
            for e in opp.evaluations.all()
        ],
    }


def _save_goals(opp: Opp, goals: list[dict]) -> None:
    for goal in goals:
        if (goal.get("goal") or "").strip():
            OppGoal.objects.create(
                opp=opp,
                area=(goal.get("area") or "").strip() or "—",
                goal=goal["goal"].strip(),
                intermediate_goals=goal.get("intermediate_goals") or "",
                target_date=goal.get("target_date"),
            )


def create_opp(
    user,
    pupil,
    *,
    exit_profile,
    exit_level,
    approach,
    goals,
    evaluations,
    parents_discussed_on=None,
    based_on: BasedOn | None = None,
    request=None,
) -> Opp:
    """An OPP with at least one goal and one evaluation date, as the law asks; in the writer's organisation's
    name, also when it carries on an OPP received in a handover (``based_on``)."""
    organisation = _require(user, pupil)
    data = {
        "exit_profile": exit_profile,
        "exit_level": exit_level,
        "approach": approach,
        "parents_discussed_on": parents_discussed_on,
    }
    errors = _check_opp(data, goals, list(evaluations), held=[])
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
            based_on_organisation=based_on.organisation if based_on else None,
            based_on_received_on=based_on.received_on if based_on else None,
            based_on_handover_id=based_on.handover_id if based_on else None,
        )
        _save_goals(opp, goals)
        for day in evaluations:
            OppEvaluation.objects.create(opp=opp, planned_on=day)
        PlanVersion.objects.create(opp=opp, version=1, snapshot=_opp_snapshot(opp), saved_by_name=str(user))
        detail = {"goals": opp.goals.count()}
        if based_on:
            detail["based_on_handover"] = based_on.handover_id
        record(user, Action.CREATE, opp, request=request, detail=detail)
    return opp


def update_opp(user, opp: Opp, *, expected_version: int, goals, evaluations, request=None, **data) -> Opp:
    """Saves a new version of the OPP on top of the version the person started from. Goals are replaced by the
    ones given; evaluations already held stay as they are, the ones still to come are replaced by ``evaluations``."""
    if not can(user, "change", opp):
        raise PermissionDenied
    _require(user, opp.pupil)
    with transaction.atomic():
        current = Opp.objects.select_for_update().get(pk=opp.pk)
        if current.version != expected_version:
            raise EditConflict(current)
        if current.closed_on is not None:
            raise ValidationError({"approach": _("This OPP is closed and can no longer be changed.")})
        held = list(current.evaluations.filter(held_on__isnull=False).values_list("planned_on", flat=True))
        errors = _check_opp(data, goals, list(evaluations), held=held)
        if errors:
            raise ValidationError(errors)
        current.exit_profile = data["exit_profile"]
        current.exit_level = data["exit_level"].strip()
        current.approach = data["approach"].strip()
        current.parents_discussed_on = data.get("parents_discussed_on")
        current.version += 1
        current.save()
        current.goals.all().delete()
        _save_goals(current, goals)
        current.evaluations.filter(held_on__isnull=True).delete()
        for day in evaluations:
            OppEvaluation.objects.create(opp=current, planned_on=day)
        PlanVersion.objects.create(
            opp=current, version=current.version, snapshot=_opp_snapshot(current), saved_by_name=str(user)
        )
        record(user, Action.UPDATE, current, request=request, detail={"version": current.version})
    return current


def record_evaluation(user, evaluation: OppEvaluation, outcome: str, *, held_on=None, request=None) -> OppEvaluation:
    _require(user, evaluation.opp.pupil)
    if not (outcome or "").strip():
        raise ValidationError({"outcome": _("Outcome: write what the evaluation showed.")})
    errors = {}
    _too_long(errors, "outcome", _("Outcome"), outcome, MAX_OUTCOME)
    held_on = held_on or timezone.localdate()
    if held_on > timezone.localdate():
        errors["outcome"] = _("Outcome: an evaluation is recorded once it has been held, not before.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        opp = Opp.objects.select_for_update().get(pk=evaluation.opp_id)
        evaluation = OppEvaluation.objects.select_for_update().get(pk=evaluation.pk)
        if evaluation.held_on is not None:
            raise ValidationError({"outcome": _("Outcome: this evaluation already has an outcome.")})
        evaluation.outcome = outcome.strip()
        evaluation.held_on = held_on
        evaluation.save(update_fields=["outcome", "held_on"])
        # An outcome is a change of the OPP too: it gets a version, and an edit opened before it must start again.
        opp.version += 1
        opp.save(update_fields=["version"])
        PlanVersion.objects.create(opp=opp, version=opp.version, snapshot=_opp_snapshot(opp), saved_by_name=str(user))
        record(user, Action.UPDATE, opp, request=request, detail={"evaluation": evaluation.pk})
    return evaluation


# --- The integral plan of approach ------------------------------------------------------------------------------


def _check_plan(coordinator, evaluation_on, actions) -> tuple[dict, list[dict]]:
    errors = {}
    if not (coordinator or "").strip():
        errors["coordinator"] = _("Coordinator: name who keeps the plan together.")
    _too_long(errors, "coordinator", _("Coordinator"), coordinator, MAX_LINE)
    if not evaluation_on:
        errors["evaluation_on"] = _("Evaluation: give the date of the evaluation.")
    elif evaluation_on < timezone.localdate():
        errors["evaluation_on"] = _("Evaluation on: a planned evaluation cannot be in the past.")
    filled = [a for a in actions if (a.get("what") or "").strip()]
    if not filled:
        errors["actions"] = _("Support and help: give at least one line.")
    for index, action in enumerate(filled, start=1):
        if action.get("for_whom") not in ForWhom.values:
            errors["actions"] = _("Line %(row)s: choose for whom (child, family or teacher).") % {"row": index}
        elif not (action.get("delivered_by") or "").strip() or not action.get("start_on"):
            errors["actions"] = _("Line %(row)s: say who delivers it and from when.") % {"row": index}
        elif action.get("end_on") and action["end_on"] < action["start_on"]:
            errors["actions"] = _("Line %(row)s, until: the end date comes after the start date.") % {"row": index}
        elif len(action["what"]) > MAX_GOAL:
            errors["actions"] = _("Line %(row)s, support or help: write at most %(limit)s characters.") % {
                "row": index,
                "limit": MAX_GOAL,
            }
        elif len(action["delivered_by"]) > MAX_LINE:
            errors["actions"] = _("Line %(row)s, delivered by: write at most %(limit)s characters.") % {
                "row": index,
                "limit": MAX_LINE,
            }
        if "actions" in errors:
            break
    return errors, filled


def plan_snapshot(plan: IntegralPlan) -> dict:
    """The plan of approach as plain data: for its versions here, and for the handover that carries it on."""
    return {
        "coordinator": plan.coordinator,
        "evaluation_on": plan.evaluation_on.isoformat(),
        "actions": [
            {
                "for_whom": a.for_whom,
                "what": a.what,
                "delivered_by": a.delivered_by,
                "start_on": a.start_on.isoformat(),
                "end_on": a.end_on.isoformat() if a.end_on else "",
            }
            for a in plan.actions.all()
        ],
    }


def _save_actions(plan: IntegralPlan, filled: list[dict]) -> None:
    for action in filled:
        PlanAction.objects.create(
            plan=plan,
            for_whom=action["for_whom"],
            what=action["what"].strip(),
            delivered_by=action["delivered_by"].strip(),
            start_on=action["start_on"],
            end_on=action.get("end_on"),
        )


def create_integral_plan(
    user, pupil, *, coordinator, evaluation_on, actions, based_on: BasedOn | None = None, request=None
) -> IntegralPlan:
    organisation = _require(user, pupil)
    errors, filled = _check_plan(coordinator, evaluation_on, actions)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = IntegralPlan.objects.create(
            pupil=pupil,
            organisation=organisation,
            coordinator=coordinator.strip(),
            evaluation_on=evaluation_on,
            based_on_organisation=based_on.organisation if based_on else None,
            based_on_received_on=based_on.received_on if based_on else None,
            based_on_handover_id=based_on.handover_id if based_on else None,
        )
        _save_actions(plan, filled)
        PlanVersion.objects.create(plan=plan, version=1, snapshot=plan_snapshot(plan), saved_by_name=str(user))
        detail = {"actions": len(filled)}
        if based_on:
            detail["based_on_handover"] = based_on.handover_id
        record(user, Action.CREATE, plan, request=request, detail=detail)
    return plan


def update_integral_plan(
    user, plan: IntegralPlan, *, expected_version: int, coordinator, evaluation_on, actions, request=None
) -> IntegralPlan:
    """A new version of the plan of approach, on top of the version the person started from."""
    if not can(user, "change", plan):
        raise PermissionDenied
    _require(user, plan.pupil)
    errors, filled = _check_plan(coordinator, evaluation_on, actions)
    with transaction.atomic():
        current = IntegralPlan.objects.select_for_update().get(pk=plan.pk)
        if current.version != expected_version:
            raise EditConflict(current)
        if errors:
            raise ValidationError(errors)
        current.coordinator = coordinator.strip()
        current.evaluation_on = evaluation_on
        current.version += 1
        current.save()
        current.actions.all().delete()
        _save_actions(current, filled)
        PlanVersion.objects.create(
            plan=current, version=current.version, snapshot=plan_snapshot(current), saved_by_name=str(user)
        )
        record(user, Action.UPDATE, current, request=request, detail={"version": current.version})
    return current
