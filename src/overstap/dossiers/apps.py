from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "overstap.dossiers"
    label = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self):
        from . import rules  # noqa: F401  (registers this app's rules with the checkpoint)
