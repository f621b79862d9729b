"""An OSO file a school uploads, kept from the preview to the confirmation (as ``pupils.PupilImport``, ADR 0017):
the file only until it is imported or cancelled; what was (to be) done stays in ``report``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from overstap.authz.managers import AuthorisedManager


class OsoStatus(models.TextChoices):
    UPLOADED = "geladen", _("Uploaded: check the preview")
    IMPORTED = "ingelezen", _("Imported")
    CANCELLED = "geannuleerd", _("Cancelled")


class OsoImport(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("school")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    uploaded_by_name = models.CharField(_("by"), max_length=200)
    file_name = models.CharField(_("file"), max_length=200)
    stored_as = models.CharField(max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=OsoStatus.choices, default=OsoStatus.UPLOADED)
    report = models.JSONField(default=dict, blank=True)
    pupil_id_imported = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("OSO import")
        verbose_name_plural = _("OSO imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
