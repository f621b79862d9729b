"""The transition case (overstap): a pupil moves from one organisation to the next, or has no place yet."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from overstap.authz.managers import AuthorisedManager
from overstap.matrix.schema import TRANSITION_CODES


class Status(models.TextChoices):
    VOORBEREIDING = "voorbereiding", _("Preparing")
    AANGEMELD = "aangemeld", _("Registered at the new school")
    INZAGE_OUDERS = "inzage_ouders", _("Parents are reading")
    VERZONDEN = "verzonden", _("Sent")
    ONTVANGEN = "ontvangen", _("Received")
    GEOPEND = "geopend", _("Opened")
    WARME_OVERDRACHT = "warme_overdracht", _("Warm handover held")
    GEPLAATST = "geplaatst", _("Placed")
    GESTART = "gestart", _("Started")
    NAZORG = "nazorg", _("Follow-up")
    AFGEROND = "afgerond", _("Completed")
    GEEN_PLEK = "geen_plek", _("No place")
    NO_SHOW = "no_show", _("Did not show up")
    UITGEVALLEN = "uitgevallen", _("Dropped out")
    THUISZITTER = "thuiszitter", _("At home without education")
    INGETROKKEN = "ingetrokken", _("Withdrawn")


class TransitionCase(models.Model):
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="transition_cases")
    from_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="outgoing_cases",
        verbose_name=_("from"),
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming_cases",
        verbose_name=_("to"),
        help_text=_("Empty while the pupil has no place yet."),
    )
    code = models.CharField(_("transition"), max_length=12, choices=[(c, c) for c in TRANSITION_CODES])
    code_override_reason = models.CharField(_("reason for another transition"), max_length=300, blank=True)
    school_year = models.CharField(_("school year"), max_length=9)
    planned_on = models.DateField(_("planned date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VOORBEREIDING)
    created_by_name = models.CharField(_("created by"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")

    def __str__(self) -> str:
        return f"{self.code} · {self.pupil}"


class ChecklistItem(models.Model):
    """One item of the case's checklist, with where its rule comes from (matrix or regional protocol)."""

    case = models.ForeignKey(TransitionCase, on_delete=models.CASCADE, related_name="checklist")
    key = models.CharField(max_length=60)
    text = models.TextField(_("item"))
    required = models.BooleanField(_("always required"))
    condition = models.TextField(_("when"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=20)
    source = models.CharField(_("source"), max_length=200)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by_name = models.CharField(_("done by"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["case", "key"], name="checklist_unique_key")]

    def __str__(self) -> str:
        return self.key
