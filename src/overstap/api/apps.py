from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "overstap.api"
    label = "api"
    verbose_name = _("API for connected systems")

    def ready(self) -> None:
        from . import rules, schema  # noqa: F401  (rules register with the checkpoint; the schema knows the token)
