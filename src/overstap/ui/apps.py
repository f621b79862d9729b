from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "overstap.ui"
    label = "ui"
    verbose_name = "Overstap user interface"

    def ready(self):
        from . import panels  # noqa: F401  (registers the home page's own section)
