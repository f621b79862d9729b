from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TablesConfig(AppConfig):
    name = "overstap.tables"
    label = "tables"
    verbose_name = _("Overstaptafels")

    def ready(self):
        # Rules for the checkpoint, the home-page panel, and the finding that turns an overdue agreement into a
        # signal: registered here, so that monitoring never imports this app.
        from . import findings, labels, panels, rules  # noqa: F401
