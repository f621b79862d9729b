from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OsoConfig(AppConfig):
    name = "overstap.oso"
    label = "oso"
    verbose_name = _("OSO dossiers")

    def ready(self):
        from . import rules  # noqa: F401  (registers the rules with the checkpoint)
