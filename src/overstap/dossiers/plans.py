"""Support plans: the OPP (ontwikkelingsperspectief) and the integral plan of approach (child, family, teacher)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.managers import AuthorisedManager
from overstap.authz.policy import can


class ExitProfile(models.TextChoices):
    VERVOLGONDERWIJS = "vervolgonderwijs", gettext_lazy("Further education")
    ARBEID = "arbeid", gettext_lazy("Work")
    DAGBESTEDING = "dagbesteding", gettext_lazy("Day activities")


class Opp(models.Model):
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="opps")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    exit_profile = models.CharField(gettext_lazy("exit profile"), max_length=20, choices=ExitProfile.choices)
    exit_level = models.CharField(
        gettext_lazy("expected level"), max_length=200, help_text=gettext_lazy("For example: vmbo-kader, Entree, PrO.")
    )
    approach = models.TextField(gettext_lazy("approach"))
    parents_discussed_on = models.DateField(gettext_lazy("discussed with the parents on"), null=True, blank=True)
    established_on = models.DateField(gettext_lazy("established on"), default=timezone.localdate)
    author_name = models.CharField(gettext_lazy("written by"), max_length=200)
    closed_on = models.DateField(gettext_lazy("closed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-established_on"]
        verbose_name = gettext_lazy("development perspective plan (OPP)")

    def __str__(self) -> str:
        return f"OPP {self.pupil} ({self.established_on:%Y})"


class OppGoal(models.Model):
    opp = models.ForeignKey(Opp, on_delete=models.CASCADE, related_name="goals")
    area = models.CharField(gettext_lazy("area"), max_length=100)
    goal = models.TextField(gettext_lazy("goal"))
    intermediate_goals = models.TextField(gettext_lazy("intermediate goals"), blank=True)
    target_date = models.DateField(gettext_lazy("to be reached by"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.area

    @property
    def intermediate_list(self) -> list[str]:
        return [line.strip("-• ").strip() for line in self.intermediate_goals.splitlines() if line.strip()]


class OppEvaluation(models.Model):
    opp = models.ForeignKey(Opp, on_delete=models.CASCADE, related_name="evaluations")
    planned_on = models.DateField(gettext_lazy("planned on"))
    held_on = models.DateField(gettext_lazy("held on"), null=True, blank=True)
    outcome = models.TextField(gettext_lazy("outcome"), blank=True)

    class Meta:
        ordering = ["planned_on"]

    def __str__(self) -> str:
        return f"{self.opp} · {self.planned_on}"


class IntegralPlan(models.Model):
    """The integral arrangement / plan of approach: support and help for the child, the family and the teacher."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="integral_plans")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    coordinator = models.CharField(gettext_lazy("coordinator"), max_length=200)
    evaluation_on = models.DateField(gettext_lazy("evaluation on"))
    established_on = models.DateField(gettext_lazy("established on"), default=timezone.localdate)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-established_on"]

    def __str__(self) -> str:
        return f"{self.pupil} · {self.established_on}"


class ForWhom(models.TextChoices):
    KIND = "kind", gettext_lazy("The child")
    GEZIN = "gezin", gettext_lazy("The family")
    LEERKRACHT = "leerkracht", gettext_lazy("The teacher")


class PlanAction(models.Model):
    plan = models.ForeignKey(IntegralPlan, on_delete=models.CASCADE, related_name="actions")
    for_whom = models.CharField(gettext_lazy("for"), max_length=12, choices=ForWhom.choices)
    what = models.TextField(gettext_lazy("support or help"))
    delivered_by = models.CharField(gettext_lazy("delivered by"), max_length=200)
    start_on = models.DateField(gettext_lazy("from"))
    end_on = models.DateField(gettext_lazy("until"), null=True, blank=True)

    class Meta:
        ordering = ["for_whom", "start_on"]

    def __str__(self) -> str:
        return f"{self.get_for_whom_display()}: {self.what[:40]}"


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
