from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "overstap.monitoring"
    label = "monitoring"
    verbose_name = _("Signals")

    def ready(self):
        # Rules for the checkpoint, the sections on the pupil, case and home pages, and the listeners that raise a
        # signal in the same transaction as the change that causes it.
        from . import labels, panels, receivers, rules  # noqa: F401
