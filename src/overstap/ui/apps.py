from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "overstap.ui"
    label = "ui"
    verbose_name = "Overstap user interface"
