"""Computing the dashboard ahead: one ``Refresh`` with the figures of every region, kept for the weekly trend."""

import datetime
import time

from django.db import transaction
from django.utils import timezone

from overstap.organisations.models import Organisation

from .figures import compute
from .models import Figure, Refresh
from .rules import DASHBOARD_ORGANISATION_TYPES


def scopes():
    """Every organisation that has a dashboard: each samenwerkingsverband and each municipality."""
    return Organisation.objects.filter(type__in=DASHBOARD_ORGANISATION_TYPES, active=True).order_by("pk")


def refresh(today: datetime.date | None = None, organisations=None) -> Refresh:
    """Computes the figures of every region (or of these organisations) and stores them as one refresh."""
    today = today or timezone.localdate()
    started = time.monotonic()
    rows = []
    for scope in organisations if organisations is not None else scopes():
        for audience, (cells, totals) in compute(scope, today).items():
            for (metric, school, code, year), (count, base) in cells.items():
                rows.append(
                    Figure(
                        scope=scope,
                        audience=audience,
                        metric=metric,
                        school_id=school,
                        code=code,
                        school_year=year,
                        count=count,
                        base=base,
                    )
                )
            for metric, count in totals.items():
                rows.append(Figure(scope=scope, audience=audience, metric=metric, whole_region=True, count=count))
    with transaction.atomic():
        run = Refresh.objects.create(computed_at=timezone.now(), as_of=today)
        for row in rows:
            row.refresh = run
        Figure.objects.bulk_create(rows, batch_size=2000)
        Refresh.objects.filter(pk=run.pk).update(seconds=round(time.monotonic() - started, 3))
    run.seconds = round(time.monotonic() - started, 3)
    return run
