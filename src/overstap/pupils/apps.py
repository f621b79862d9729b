from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PupilsConfig(AppConfig):
    name = "overstap.pupils"
    label = "pupils"
    verbose_name = _("Pupils")

    def ready(self):
        from . import labels, rules  # noqa: F401  (rules for the checkpoint, words for its codes)
