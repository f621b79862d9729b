from django.apps import AppConfig


class GeneratorConfig(AppConfig):
    name = "overstap.generator"
    label = "generator"
    verbose_name = "Overstap synthetic region generator"
