from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamilyConfig(AppConfig):
    """The family's own place: per child what is happening, what they are asked to decide, and their own copy of
    the dossier. It gathers what the apps below it know about a child through the family-child slot
    (core/panels.py) and never reads past the checkpoint."""

    name = "overstap.family"
    label = "family"
    verbose_name = _("Family")

    def ready(self):
        from . import labels, rules  # noqa: F401  (who downloads the dossier, and the words for it in the trail)
