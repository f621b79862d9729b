"""The SWV route: a support request from the school, expert advice (two experts for a TLV), and a decision.

Status changes go through ``change_status`` only, with an explicit map of allowed transitions; it writes the audit
event in the same transaction.
"""

import datetime

from django.conf import settings
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
from overstap.organisations.models import PO_TYPES, VO_TYPES, OrganisationType


class Kind(models.TextChoices):
    TLV_SBO = "tlv_sbo", gettext_lazy("Admission statement (TLV) for SBO")
    TLV_SO = "tlv_so", gettext_lazy("Admission statement (TLV) for SO")
    TLV_VSO = "tlv_vso", gettext_lazy("Admission statement (TLV) for VSO")
    TLV_PRO = "tlv_pro", gettext_lazy("Admission statement (TLV) for PrO")
    LWOO = "lwoo", gettext_lazy("Learning support in VO (LWOO)")
    ARRANGEMENT = "arrangement", gettext_lazy("Arrangement (extra support)")


TLV_KINDS = {Kind.TLV_SBO, Kind.TLV_SO, Kind.TLV_VSO, Kind.TLV_PRO}
# A TLV for SO and VSO carries a funding category; for SBO and PrO it does not.
CATEGORY_KINDS = {Kind.TLV_SO, Kind.TLV_VSO}
PO_KINDS = {Kind.TLV_SBO, Kind.TLV_SO, Kind.ARRANGEMENT}
VO_KINDS = {Kind.TLV_VSO, Kind.TLV_PRO, Kind.LWOO, Kind.ARRANGEMENT}
EXPERTS_FOR_TLV = 2


class Status(models.TextChoices):
    SUBMITTED = "ingediend", gettext_lazy("Submitted")
    IN_PROGRESS = "in_behandeling", gettext_lazy("Being assessed")
    GRANTED = "toegekend", gettext_lazy("Granted")
    REFUSED = "afgewezen", gettext_lazy("Refused")
    WITHDRAWN = "ingetrokken", gettext_lazy("Withdrawn")


ALLOWED = {
    Status.SUBMITTED: {Status.IN_PROGRESS, Status.WITHDRAWN},
    Status.IN_PROGRESS: {Status.GRANTED, Status.REFUSED, Status.WITHDRAWN},
    Status.GRANTED: set(),
    Status.REFUSED: set(),
    Status.WITHDRAWN: set(),
}


class FundingCategory(models.TextChoices):
    LAAG = "laag", gettext_lazy("low")
    MIDDEN = "midden", gettext_lazy("middle")
    HOOG = "hoog", gettext_lazy("high")


class SupportRequest(models.Model):
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="support_requests")
    school = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    swv = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="support_requests")
    kind = models.CharField(gettext_lazy("requested"), max_length=16, choices=Kind.choices)
    question = models.TextField(gettext_lazy("question of the school"))
    requested_by_name = models.CharField(gettext_lazy("requested by"), max_length=200)
    requested_at = models.DateTimeField(gettext_lazy("requested on"), auto_now_add=True)
    status = models.CharField(gettext_lazy("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = gettext_lazy("support request")
        verbose_name_plural = gettext_lazy("support requests")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.pupil}"


class ExpertAdvice(models.Model):
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="advices")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expert_name = models.CharField(gettext_lazy("expert"), max_length=200)
    expert_role = models.CharField(gettext_lazy("expertise"), max_length=32)
    advice = models.TextField(gettext_lazy("advice"))
    recommends = models.BooleanField(gettext_lazy("recommends the request"))
    given_at = models.DateTimeField(gettext_lazy("given on"), auto_now_add=True)

    class Meta:
        ordering = ["given_at"]
        constraints = [models.UniqueConstraint(fields=["request", "expert"], name="one_advice_per_expert")]

    def __str__(self) -> str:
        return f"{self.expert_name}: {self.request}"


class SwvDecision(models.Model):
    request = models.OneToOneField(SupportRequest, on_delete=models.PROTECT, related_name="decision")
    granted = models.BooleanField(gettext_lazy("granted"))
    number = models.CharField(gettext_lazy("number"), max_length=20, unique=True)
    start_date = models.DateField(gettext_lazy("from"), null=True, blank=True)
    end_date = models.DateField(gettext_lazy("until"), null=True, blank=True)
    funding_category = models.CharField(
        gettext_lazy("funding category"), max_length=8, choices=FundingCategory.choices, blank=True
    )
    motivation = models.TextField(gettext_lazy("motivation"))
    decided_by_name = models.CharField(gettext_lazy("decided by"), max_length=200)
    decided_at = models.DateTimeField(gettext_lazy("decided on"), auto_now_add=True)

    class Meta:
        verbose_name = gettext_lazy("decision of the samenwerkingsverband")

    def __str__(self) -> str:
        return self.number


def swv_for(school):
    """The samenwerkingsverband of the school's region and sector."""
    from overstap.organisations.models import Organisation

    swv_type = OrganisationType.SWV_PO if school.type in PO_TYPES else OrganisationType.SWV_VO
    return Organisation.objects.filter(type=swv_type, regions__in=school.regions.all(), active=True).first()


def request_support(user, pupil, kind: str, question: str, *, request=None) -> SupportRequest:
    actor = actor_for(user)
    if not can(user, "request_support", pupil):
        raise PermissionDenied
    school = actor.organisation
    errors = {}
    allowed_kinds = PO_KINDS if school.type in PO_TYPES else VO_KINDS if school.type in VO_TYPES else set()
    if kind not in allowed_kinds:
        errors["kind"] = _("Requested: this cannot be requested from a school of this type.")
    if not (question or "").strip():
        errors["question"] = _("Question: describe what the pupil needs and what the school already tried.")
    swv = swv_for(school)
    if swv is None:
        errors["kind"] = _("Requested: your school is not linked to a samenwerkingsverband region.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        support = SupportRequest.objects.create(
            pupil=pupil, school=school, swv=swv, kind=kind, question=question.strip(), requested_by_name=str(user)
        )
        record(user, Action.CREATE, support, request=request, legal_basis="taak_swv", detail={"kind": kind})
    return support


def change_status(user, support: SupportRequest, new_status: str, *, request=None, detail=None) -> SupportRequest:
    """The one place a support request changes status."""
    with transaction.atomic():
        current = SupportRequest.objects.select_for_update().get(pk=support.pk)
        if new_status not in ALLOWED[current.status]:
            raise ValidationError(
                {
                    "status": _("Status: from “%(old)s” the request cannot go to “%(new)s”.")
                    % {"old": current.get_status_display(), "new": Status(new_status).label}
                }
            )
        old = current.status
        current.status = new_status
        current.save(update_fields=["status"])
        record(
            user,
            Action.STATUS_CHANGE,
            current,
            request=request,
            legal_basis="taak_swv",
            detail={"from": old, "to": new_status, **(detail or {})},
        )
    return current


def give_advice(user, support: SupportRequest, advice: str, recommends: bool, *, request=None) -> ExpertAdvice:
    if not can(user, "advise", support):
        raise PermissionDenied
    if not (advice or "").strip():
        raise ValidationError({"advice": _("Advice: write your expert advice.")})
    if support.advices.filter(expert=user).exists():
        raise ValidationError({"advice": _("Advice: you already gave advice on this request.")})
    with transaction.atomic():
        given = ExpertAdvice.objects.create(
            request=support,
            expert=user,
            expert_name=str(user),
            expert_role=actor_for(user).role or "",
            advice=advice.strip(),
            recommends=recommends,
        )
        record(user, Action.CREATE, given, pupil_id=support.pupil_id, request=request, legal_basis="taak_swv")
        support.refresh_from_db(fields=["status"])
        if support.status == Status.SUBMITTED:
            change_status(user, support, Status.IN_PROGRESS, request=request)
    return given


NUMBER_PREFIX = {Kind.LWOO: "LWOO", Kind.ARRANGEMENT: "ARR"}


def _next_number(kind: str, offset: int = 0) -> str:
    prefix = "TLV" if kind in TLV_KINDS else NUMBER_PREFIX[kind]
    year = timezone.localdate().year
    count = SwvDecision.objects.filter(number__startswith=f"{prefix}-{year}-").count() + 1 + offset
    return f"{prefix}-{year}-{count:05d}"


def decide(
    user,
    support: SupportRequest,
    *,
    granted: bool,
    motivation: str,
    start_date=None,
    end_date=None,
    funding_category: str = "",
    request=None,
) -> SwvDecision:
    if not can(user, "decide", support):
        raise PermissionDenied
    errors = {}
    if not (motivation or "").strip():
        errors["motivation"] = _("Motivation: explain the decision in words the parents understand.")
    if granted:
        experts = support.advices.values("expert").distinct().count()
        if support.kind in TLV_KINDS and experts < EXPERTS_FOR_TLV:
            errors["granted"] = _("A TLV needs the advice of two experts; %(count)s given so far.") % {"count": experts}
        elif support.kind in TLV_KINDS and not support.advices.filter(expert_role="orthopedagoog").exists():
            errors["granted"] = _("A TLV needs the advice of an orthopedagoog or psychologist as one of the experts.")
        if support.kind in TLV_KINDS or support.kind == Kind.ARRANGEMENT:
            if not start_date:
                errors["start_date"] = _("From: give the start date.")
            if not end_date:
                errors["end_date"] = _("Until: give the end date.")
            elif start_date and end_date < start_date:
                errors["end_date"] = _("Until: lies before the start date.")
        if support.kind in CATEGORY_KINDS and funding_category not in FundingCategory.values:
            errors["funding_category"] = _("Funding category: choose low, middle or high.")
        if support.kind not in CATEGORY_KINDS and funding_category:
            errors["funding_category"] = _("Funding category: only a TLV for SO or VSO has one.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        decision = SwvDecision.objects.create(
            request=support,
            granted=granted,
            number=_next_number(support.kind),
            start_date=start_date if granted else None,
            end_date=end_date if granted else None,
            funding_category=funding_category if granted else "",
            motivation=motivation.strip(),
            decided_by_name=str(user),
        )
        change_status(
            user,
            support,
            Status.GRANTED if granted else Status.REFUSED,
            request=request,
            detail={"decision": decision.number},
        )
    return decision


def valid_tlv(pupil, kind: str, on: datetime.date | None = None) -> SwvDecision | None:
    """The TLV of this kind that holds for the pupil on this day, if any."""
    on = on or timezone.localdate()
    return (
        SwvDecision.objects.filter(request__pupil=pupil, request__kind=kind, granted=True, start_date__lte=on)
        .filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=on))
        .order_by("-end_date")
        .first()
    )


def tlvs_ending(within_days: int = 120, *, today: datetime.date | None = None):
    """Granted TLVs whose end date falls in the coming period: a signal to plan the next step in time."""
    today = today or timezone.localdate()
    return SwvDecision.objects.filter(
        granted=True,
        request__kind__in=[k.value for k in TLV_KINDS],
        end_date__gte=today,
        end_date__lte=today + datetime.timedelta(days=within_days),
    ).select_related("request__pupil")
