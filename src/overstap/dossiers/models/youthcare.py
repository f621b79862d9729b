"""Youth-care involvement and, at each transition (and at 18), the decision to continue or hand over.

Youth-care information is consent-based (legal-basis engine): a school records it only with the consent of the
family for the category "youth care" to that school; the family always sees it. Writes live in
``dossiers.youthcare_services``.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from overstap.authz.managers import AuthorisedManager

# The moment of a care decision: a transition code from the matrix, or the move to adult care at 18.
ADULT_CARE = "18+"


class CareType(models.TextChoices):
    AMBULANT = "ambulant", gettext_lazy("Outpatient help")
    DAGBEHANDELING = "dagbehandeling", gettext_lazy("Day treatment")
    JEUGD_GGZ = "jeugd_ggz", gettext_lazy("Youth mental health care")
    PLEEGZORG = "pleegzorg", gettext_lazy("Foster care")
    RESIDENTIEEL = "residentieel", gettext_lazy("Residential care")
    WIJKTEAM = "wijkteam", gettext_lazy("Support from the district team")
    ANDERS = "anders", gettext_lazy("Other")


class CareDecision(models.TextChoices):
    CONTINUE = "voortzetten", gettext_lazy("Continue with the same provider")
    HAND_OVER = "overdragen", gettext_lazy("Hand over to another provider")
    STOP = "afsluiten", gettext_lazy("Stop")


class YouthCare(models.Model):
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="youth_care")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    provider = models.CharField(gettext_lazy("provider"), max_length=200)
    worker = models.CharField(gettext_lazy("worker"), max_length=200, blank=True)
    care_type = models.CharField(gettext_lazy("kind of help"), max_length=20, choices=CareType.choices)
    municipality = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=gettext_lazy("municipality responsible"),
    )
    start_on = models.DateField(gettext_lazy("from"))
    end_on = models.DateField(gettext_lazy("until"), null=True, blank=True)
    recorded_by_name = models.CharField(gettext_lazy("recorded by"), max_length=200)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-start_on"]
        verbose_name = gettext_lazy("youth-care involvement")

    def __str__(self) -> str:
        return f"{self.provider} ({self.get_care_type_display()})"


class CareTransition(models.Model):
    care = models.ForeignKey(YouthCare, on_delete=models.CASCADE, related_name="decisions")
    moment = models.CharField(gettext_lazy("moment"), max_length=12)
    decision = models.CharField(gettext_lazy("decision"), max_length=12, choices=CareDecision.choices)
    to_provider = models.CharField(gettext_lazy("new provider"), max_length=200, blank=True)
    note = models.TextField(gettext_lazy("agreements"), blank=True)
    decided_on = models.DateField(gettext_lazy("decided on"), default=timezone.localdate)
    decided_by_name = models.CharField(gettext_lazy("decided by"), max_length=200)

    class Meta:
        ordering = ["decided_on"]

    def __str__(self) -> str:
        return f"{self.moment}: {self.get_decision_display()}"
