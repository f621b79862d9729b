from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThuiszittersConfig(AppConfig):
    name = "overstap.thuiszitters"
    label = "thuiszitters"
    verbose_name = _("Thuiszitters register")

    def ready(self):
        # Rules for the checkpoint, the sections on the pupil and home pages, the finding that makes the
        # monitoring's "at home" signal follow the register (monitoring never imports this app), and the
        # listeners that keep that signal in step with a change.
        from . import findings, labels, panels, receivers, rules  # noqa: F401
