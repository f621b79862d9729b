from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "overstap.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import maintenance, receivers  # noqa: F401  (receivers records what the checkpoint refuses)

        connection_created.connect(maintenance.register, dispatch_uid="overstap-audit-unlocked-function")
