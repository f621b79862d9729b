"""The figures follow the signal job: when ``run_all`` has run, the dashboard is computed again."""

from django.dispatch import receiver

from overstap.monitoring.events import signals_computed


@receiver(signals_computed, dispatch_uid="dashboard-refresh-after-signals")
def refresh_after_signals(sender, today, **kwargs):
    from .services import build_pages, refresh

    build_pages(refresh(today=today))
