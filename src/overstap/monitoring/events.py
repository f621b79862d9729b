"""What the signal engine announces, for apps above it to act on without the engine importing them."""

import django.dispatch

# Sent at the end of ``engine.run_all`` (the daily signal job), with ``today`` and ``counts`` (per kind). The
# regional dashboard refreshes its figures on it.
signals_computed = django.dispatch.Signal()
