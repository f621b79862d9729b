"""The SWV route: a support request from the school to the samenwerkingsverband, expert advice (two experts for
a TLV), and the decision (TLV SBO/SO/VSO/PrO with dates and funding category, LWOO, an arrangement).

Only models and their choices live here. The status changes are in ``workflow``, the other writes in ``services``,
the reads in ``selectors``. The tables came from the dossiers app (see docs/adr/0007-swv-route-own-app.md).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from overstap.authz.managers import AuthorisedManager


class Kind(models.TextChoices):
    TLV_SBO = "tlv_sbo", _("Admission statement (TLV) for SBO")
    TLV_SO = "tlv_so", _("Admission statement (TLV) for SO")
    TLV_VSO = "tlv_vso", _("Admission statement (TLV) for VSO")
    TLV_PRO = "tlv_pro", _("Admission statement (TLV) for PrO")
    LWOO = "lwoo", _("Learning support in VO (LWOO)")
    ARRANGEMENT = "arrangement", _("Arrangement (extra support)")


TLV_KINDS = {Kind.TLV_SBO, Kind.TLV_SO, Kind.TLV_VSO, Kind.TLV_PRO}
# A TLV for SO and VSO carries a funding category; for SBO and PrO it does not.
CATEGORY_KINDS = {Kind.TLV_SO, Kind.TLV_VSO}
PO_KINDS = {Kind.TLV_SBO, Kind.TLV_SO, Kind.ARRANGEMENT}
VO_KINDS = {Kind.TLV_VSO, Kind.TLV_PRO, Kind.LWOO, Kind.ARRANGEMENT}


class Status(models.TextChoices):
    SUBMITTED = "ingediend", _("Submitted")
    IN_PROGRESS = "in_behandeling", _("Being assessed")
    GRANTED = "toegekend", _("Granted")
    REFUSED = "afgewezen", _("Refused")
    WITHDRAWN = "ingetrokken", _("Withdrawn")


class FundingCategory(models.TextChoices):
    LAAG = "laag", _("low")
    MIDDEN = "midden", _("middle")
    HOOG = "hoog", _("high")


class SupportRequest(models.Model):
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="support_requests")
    school = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    swv = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="support_requests")
    kind = models.CharField(_("requested"), max_length=16, choices=Kind.choices)
    question = models.TextField(_("question of the school"))
    requested_by_name = models.CharField(_("requested by"), max_length=200)
    requested_at = models.DateTimeField(_("requested on"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.pupil}"


class ExpertAdvice(models.Model):
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="advices")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expert_name = models.CharField(_("expert"), max_length=200)
    expert_role = models.CharField(_("expertise"), max_length=32)
    advice = models.TextField(_("advice"))
    recommends = models.BooleanField(_("recommends the request"))
    given_at = models.DateTimeField(_("given on"), auto_now_add=True)

    class Meta:
        ordering = ["given_at"]
        constraints = [models.UniqueConstraint(fields=["request", "expert"], name="one_advice_per_expert")]

    def __str__(self) -> str:
        return f"{self.expert_name}: {self.request}"


class SwvDecision(models.Model):
    request = models.OneToOneField(SupportRequest, on_delete=models.PROTECT, related_name="decision")
    granted = models.BooleanField(_("granted"))
    number = models.CharField(_("number"), max_length=20, unique=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    funding_category = models.CharField(
        _("funding category"), max_length=8, choices=FundingCategory.choices, blank=True
    )
    motivation = models.TextField(_("motivation"))
    decided_by_name = models.CharField(_("decided by"), max_length=200)
    decided_at = models.DateTimeField(_("decided on"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision of the samenwerkingsverband")

    def __str__(self) -> str:
        return self.number
