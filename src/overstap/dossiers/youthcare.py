"""Youth-care involvement and, at each transition (and at 18), the decision to continue or hand over.

Youth-care information is consent-based (legal-basis engine): a school records it only with the consent of the
family for the category "youth care" to that school; the family always sees it.
"""

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
from overstap.matrix.schema import TRANSITION_CODES

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


def _consent_or_refuse(user, pupil):
    from overstap.consent.services import may_share

    actor = actor_for(user)
    if not can(user, "record_youth_care", pupil):
        raise PermissionDenied
    allowed, _decision, _consent = may_share(pupil, "jeugdhulp", actor.organisation, role=actor.role)
    if not allowed:
        raise ValidationError(
            {
                "provider": _(
                    "Youth care: the family has not given consent for youth-care information to your "
                    "organisation. Ask the parents (or the pupil from 16) first."
                )
            }
        )
    return actor.organisation


def record_youth_care(
    user, pupil, *, provider, care_type, start_on, worker="", municipality=None, end_on=None, request=None
) -> YouthCare:
    organisation = _consent_or_refuse(user, pupil)
    errors = {}
    if not (provider or "").strip():
        errors["provider"] = _("Provider: name the youth-care provider.")
    if care_type not in CareType.values:
        errors["care_type"] = _("Kind of help: choose one from the list.")
    if not start_on:
        errors["start_on"] = _("From: give the start date.")
    elif end_on and end_on < start_on:
        errors["end_on"] = _("Until: lies before the start date.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        care = YouthCare.objects.create(
            pupil=pupil,
            organisation=organisation,
            provider=provider.strip(),
            worker=(worker or "").strip(),
            care_type=care_type,
            municipality=municipality,
            start_on=start_on,
            end_on=end_on,
            recorded_by_name=str(user),
        )
        record(user, Action.CREATE, care, request=request, legal_basis="toestemming:jeugdhulp")
    return care


def decide_at_transition(
    user, care: YouthCare, *, moment, decision, to_provider="", note="", request=None
) -> CareTransition:
    """At a school transition, or at 18 (youth care → adult care): continue, hand over or stop."""
    _consent_or_refuse(user, care.pupil)
    errors = {}
    if moment not in (*TRANSITION_CODES, ADULT_CARE):
        errors["moment"] = _("Moment: choose a transition or the move to adult care at 18.")
    elif moment == ADULT_CARE and care.pupil.age < 17:
        errors["moment"] = _("Moment: the move to adult care is prepared from age 17.")
    if decision not in CareDecision.values:
        errors["decision"] = _("Decision: choose continue, hand over or stop.")
    elif decision == CareDecision.HAND_OVER and not (to_provider or "").strip():
        errors["to_provider"] = _("New provider: say to whom the help is handed over.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        made = CareTransition.objects.create(
            care=care,
            moment=moment,
            decision=decision,
            to_provider=(to_provider or "").strip(),
            note=(note or "").strip(),
            decided_by_name=str(user),
        )
        record(
            user,
            Action.CREATE,
            made,
            pupil_id=care.pupil_id,
            request=request,
            legal_basis="toestemming:jeugdhulp",
            detail={"moment": moment, "decision": decision},
        )
    return made
