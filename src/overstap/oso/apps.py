from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OsoConfig(AppConfig):
    name = "overstap.oso"
    label = "oso"
    verbose_name = _("OSO dossiers")

    def ready(self):
        # The rules for the checkpoint, and the download on the handover page.
        from . import panels, rules  # noqa: F401
