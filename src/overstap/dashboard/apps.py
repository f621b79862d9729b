from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "overstap.dashboard"
    label = "dashboard"
    verbose_name = _("Regional dashboard")

    def ready(self):
        # Rules for the checkpoint, the home-page panel for policy officers, and the listener that refreshes the
        # figures when the signal job has run.
        from . import panels, receivers, rules  # noqa: F401
