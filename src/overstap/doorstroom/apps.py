from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DoorstroomConfig(AppConfig):
    name = "overstap.doorstroom"
    label = "doorstroom"
    verbose_name = _("Doorstroomdossier")

    def ready(self):
        # The rules, words for the who-looked page, sections of the pupil, case and family pages.
        from . import labels, panels, rules  # noqa: F401
