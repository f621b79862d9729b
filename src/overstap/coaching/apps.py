from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "overstap.coaching"
    label = "coaching"
    verbose_name = _("Transition coaching")

    def ready(self):
        from . import labels  # noqa: F401  (words for this app's codes on the who-looked page)
        from . import panels, rules  # noqa: F401  (rules for the checkpoint, sections of the case and home page)
