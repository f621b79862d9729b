from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransitionsConfig(AppConfig):
    name = "overstap.transitions"
    label = "transitions"
    verbose_name = _("Transitions")

    def ready(self):
        # The rules, words for the who-looked page, a section of the pupil page.
        from . import labels, panels, rules  # noqa: F401
