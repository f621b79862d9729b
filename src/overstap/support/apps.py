from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "overstap.support"
    label = "support"
    verbose_name = _("SWV route")

    def ready(self):
        from . import panels, rules  # noqa: F401  (rules for the checkpoint, a section of the pupil page)
