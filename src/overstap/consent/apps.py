from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "overstap.consent"
    label = "consent"
    verbose_name = _("Legal basis and consent")

    def ready(self) -> None:
        # Load and validate the legal-basis rules now: a malformed file must stop start-up.
        from . import labels, rules  # noqa: F401  (rules for the checkpoint, words for its codes)
        from .engine import get_rules

        get_rules()
