"""Support plans: the OPP (ontwikkelingsperspectief) and the integral plan of approach (child, family, teacher).

Writes live in ``dossiers.plan_services``."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from overstap.authz.managers import AuthorisedManager


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
    # Where a plan came from when a receiving school carried on the one it received in a handover. Plain values,
    # not a link to the handover (which lives in an app above this one): the sender's own plan stays the sender's.
    based_on_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("based on the plan of"),
    )
    based_on_received_on = models.DateField(gettext_lazy("received on"), null=True, blank=True)
    based_on_handover_id = models.PositiveIntegerField(null=True, blank=True)

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
    version = models.PositiveIntegerField(default=1)
    # Where a plan came from when a receiving school carried on the one it received in a handover. Plain values,
    # not a link to the handover (which lives in an app above this one): the sender's own plan stays the sender's.
    based_on_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("based on the plan of"),
    )
    based_on_received_on = models.DateField(gettext_lazy("received on"), null=True, blank=True)
    based_on_handover_id = models.PositiveIntegerField(null=True, blank=True)

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


class PlanVersion(models.Model):
    """Every saved state of an OPP or a plan of approach (with its goals, evaluations or lines), so that no edit
    loses what was there before. Exactly one of ``opp`` and ``plan`` is set."""

    opp = models.ForeignKey(Opp, on_delete=models.CASCADE, null=True, blank=True, related_name="versions")
    plan = models.ForeignKey(IntegralPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="versions")
    version = models.PositiveIntegerField(gettext_lazy("version"))
    snapshot = models.JSONField(gettext_lazy("what it said"), default=dict)
    saved_by_name = models.CharField(gettext_lazy("saved by"), max_length=200)
    saved_at = models.DateTimeField(gettext_lazy("saved on"), auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["opp", "version"], name="planversion_opp_unique"),
            models.UniqueConstraint(fields=["plan", "version"], name="planversion_plan_unique"),
            models.CheckConstraint(
                condition=models.Q(opp__isnull=False, plan__isnull=True)
                | models.Q(opp__isnull=True, plan__isnull=False),
                name="planversion_one_parent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opp or self.plan} v{self.version}"
