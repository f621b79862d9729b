"""Overstap: the doorgaande lijn in passend onderwijs."""

# Loaded with the project, so that every app's tasks belong to this Celery application.
from .celery import app as celery_app

__all__ = ["celery_app"]
__version__ = "0.1.0"
