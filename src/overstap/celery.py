"""The Celery application: runs the scheduled jobs (the beat schedule in settings) and background work.

Configured from the Django settings whose names start with ``CELERY_`` (``CELERY_BROKER_URL`` becomes
``broker_url``), and finds the ``tasks.py`` of every installed app. Start it from ``src/``:

    celery -A overstap worker -l info
    celery -A overstap beat -l info

Every job is also a management command; a task only calls it (see ``overstap.core.tasks``).
"""

import os

from celery import Celery

# The same default as the WSGI application: a worker is part of a deployment.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overstap.conf.production")

app = Celery("overstap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
