from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from overstap.authz.managers import AuthorisedManager

from .roles import ROLE_ORGANISATION_TYPES, Role


class User(AbstractUser):
    """A person who logs in: a professional (with memberships) or a parent or pupil (with family links)."""

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def active_memberships(self):
        today = timezone.localdate()
        return (
            self.memberships.filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=today))
            .filter(start_date__lte=today, organisation__active=True)
            .select_related("organisation")
            .order_by("organisation__name", "role")
        )

    @property
    def is_professional(self) -> bool:
        return self.active_memberships().exists()


class Membership(models.Model):
    """A user's role in one organisation (user × organisation × role), for a period."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    start_date = models.DateField(_("from"), default=timezone.localdate)
    end_date = models.DateField(_("until"), null=True, blank=True)

    objects = AuthorisedManager()

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.organisation}"

    def clean(self):
        if self.organisation_id and self.role:
            allowed = ROLE_ORGANISATION_TYPES.get(self.role, frozenset())
            if self.organisation.type not in allowed:
                raise ValidationError(
                    {
                        "role": _("Role: a %(role)s cannot work at an organisation of the type %(type)s.")
                        % {"role": self.get_role_display(), "type": self.organisation.get_type_display()}
                    }
                )
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("Until: the end date lies before the start date.")})
