"""Consent given for a category of a pupil's data to one recipient, and breaking confidentiality for safety."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from overstap.authz.managers import AuthorisedManager

from .categories import Category


class GivenAs(models.TextChoices):
    LEGAL_REPRESENTATIVE = "wettelijk_vertegenwoordiger", _("legal representative")
    PUPIL = "leerling", _("the pupil (16 or older)")


class Consent(models.Model):
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.CASCADE, related_name="consents")
    category = models.CharField(_("kind of information"), max_length=32, choices=Category.choices)
    recipient = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("recipient")
    )
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    given_by_name = models.CharField(_("given by"), max_length=200)
    given_as = models.CharField(_("given as"), max_length=32, choices=GivenAs.choices)
    given_at = models.DateTimeField(_("given on"))
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by_name = models.CharField(_("withdrawn by"), max_length=200, blank=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["pupil", "category", "recipient"])]

    def __str__(self) -> str:
        return f"{self.get_category_display()} → {self.recipient}"


class BreakGlass(models.Model):
    """Confidentiality broken for a child's safety: only with a written reason, always flagged for review."""

    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(_("time"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed on"), null=True, blank=True)
    reviewed_by_name = models.CharField(_("reviewed by"), max_length=200, blank=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-at"]
        verbose_name = _("confidentiality broken for safety")
        verbose_name_plural = _("confidentiality broken for safety")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} · {self.organisation}"
