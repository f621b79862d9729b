from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "overstap.support"
    label = "support"
    verbose_name = _("SWV route")

    def ready(self):
        # The rules, words for the who-looked page, a section of the pupil page.
        from . import labels, panels, rules  # noqa: F401
