"""API tokens: how a connected system (a school's administration, an SWV system) signs in.

A token acts as a machine actor of one organisation in one role, and only for its scopes. The token itself is shown
once, when it is made; only a hash of it is kept.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from overstap.accounts.models import Membership
from overstap.accounts.roles import Role
from overstap.authz.managers import AuthorisedManager


class ApiToken(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    role = models.CharField(_("acts as"), max_length=32, choices=Role.choices)
    name = models.CharField(_("name"), max_length=100)
    scopes = models.JSONField(_("may"), default=list)
    prefix = models.CharField(_("starts with"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    # The machine actor the token acts as: an account that cannot sign in, named after the token, so that what
    # the token wrote and read carries its name.
    machine_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_token", verbose_name=_("actor")
    )
    created_by_name = models.CharField(_("made by"), max_length=200)
    created_at = models.DateTimeField(_("made on"), auto_now_add=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    revoked_by_name = models.CharField(_("revoked by"), max_length=200, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    use_count = models.PositiveIntegerField(_("requests"), default=0)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def usable(self) -> bool:
        return self.revoked_at is None and not self.expired and self.organisation.active

    def membership(self) -> Membership:
        """The role it acts in, as the checkpoint reads it: this organisation and role, nobody in particular (an
        unsaved membership, as the dashboard's owner is)."""
        return Membership(user=self.machine_user, organisation=self.organisation, role=self.role)
