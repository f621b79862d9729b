from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PupilsConfig(AppConfig):
    name = "overstap.pupils"
    label = "pupils"
    verbose_name = _("Pupils")

    def ready(self):
        from . import rules  # noqa: F401  (registers this app's rules with the checkpoint)
