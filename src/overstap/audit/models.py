"""The append-only audit trail: every read, export, write, status change, consent change and denial.

Rows refer to people and pupils by id and by a snapshot of their name, never by a cascading foreign key, so that
deleting a user or a pupil leaves the trail. The application never updates or deletes a row; on PostgreSQL a
trigger refuses it as well (migration 0002).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    READ = "read", _("viewed")
    LIST = "list", _("listed")
    EXPORT = "export", _("exported")
    PRINT = "print", _("printed")
    DOWNLOAD = "download", _("downloaded")
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    # Removed for good, by the retention terms or on request, and written to the erasure journal (retention app).
    ERASE = "erase", _("erased")
    STATUS_CHANGE = "status_change", _("changed the status")
    CONSENT_CHANGE = "consent_change", _("changed a consent")
    DENIED = "denied", _("was refused access")
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("failed to log in")
    LOGOUT = "logout", _("logged out")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The audit trail is append-only: rows are never updated.")

    def _update(self, values):
        raise PermissionError("The audit trail is append-only: rows are never updated.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionError("The audit trail is append-only: rows are never updated.")

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("update_conflicts") or kwargs.get("ignore_conflicts"):
            raise PermissionError("The audit trail is append-only: existing rows are never overwritten.")
        return super().bulk_create(objs, *args, **kwargs)

    def update_or_create(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only: rows are never updated.")

    def delete(self):
        raise PermissionError("The audit trail is append-only: rows are never deleted.")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(_("user id"), null=True, blank=True, db_index=True)
    actor_name = models.CharField(_("user"), max_length=200, blank=True)
    organisation_id = models.BigIntegerField(_("organisation id"), null=True, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=32, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    pupil_id = models.BigIntegerField(_("pupil id"), null=True, blank=True, db_index=True)
    legal_basis = models.CharField(_("legal basis or consent"), max_length=120, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["pupil_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only: rows are never updated.")
        kwargs["force_insert"] = True
        kwargs.pop("force_update", None)
        kwargs.pop("update_fields", None)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The audit trail is append-only: rows are never deleted.")
