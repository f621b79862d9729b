from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "overstap.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from . import rules  # noqa: F401  (registers this app's rules with the checkpoint)
