from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "overstap.coaching"
    label = "coaching"
    verbose_name = _("Transition coaching")

    def ready(self):
        # The rules, words for the who-looked page, sections of the case and home page.
        from . import labels, panels, rules  # noqa: F401
