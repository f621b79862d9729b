from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "overstap.dossiers"
    label = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self):
        from . import labels, panels, rules  # noqa: F401  (rules, words for its codes, a pupil-page section)
