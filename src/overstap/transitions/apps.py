from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransitionsConfig(AppConfig):
    name = "overstap.transitions"
    label = "transitions"
    verbose_name = _("Transitions")

    def ready(self):
        from . import labels  # noqa: F401  (words for this app's codes on the who-looked page)
        from . import panels, rules  # noqa: F401  (rules for the checkpoint, a section of the pupil page)
