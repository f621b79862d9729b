from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransitionsConfig(AppConfig):
    name = "overstap.transitions"
    label = "transitions"
    verbose_name = _("Transitions")

    def ready(self):
        from . import panels, rules  # noqa: F401  (rules for the checkpoint, a section of the pupil page)
