"""Computing the dashboard ahead: one ``Refresh`` with the figures of every region, kept for the weekly trend, and
the pattern of hidden cells of the owner's figures (``patterns``), so that the page only reads."""

import datetime
import time

from django.db import transaction
from django.utils import timezone

from overstap.organisations.models import Organisation

from .figures import compute
from .models import Figure, Pattern, Refresh
from .patterns import choose, encode
from .rules import DASHBOARD_ORGANISATION_TYPES

OWNER_AUDIENCE = ""


def scopes():
    """Every organisation that has a dashboard: each samenwerkingsverband and each municipality."""
    return Organisation.objects.filter(type__in=DASHBOARD_ORGANISATION_TYPES, active=True).order_by("pk")


def refresh(today: datetime.date | None = None, organisations=None) -> Refresh:
    """Computes the figures of every region (or of these organisations) and their suppression pattern, and stores
    them as one refresh: in one transaction, so a refresh is there with its patterns or not at all."""
    today = today or timezone.localdate()
    started = time.monotonic()
    rows = []
    patterns = []
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
            if audience == OWNER_AUDIENCE:
                # Only the owner's figures are protected: leerplicht reads its own figures of now exactly.
                for metric, cube in choose(cells).items():
                    patterns.append(
                        Pattern(
                            scope=scope,
                            audience=audience,
                            metric=metric,
                            primary=encode(cube.primary),
                            secondary=encode(cube.secondary),
                        )
                    )
    with transaction.atomic():
        run = Refresh.objects.create(computed_at=timezone.now(), as_of=today)
        for row in rows:
            row.refresh = run
        Figure.objects.bulk_create(rows, batch_size=2000)
        for pattern in patterns:
            pattern.refresh = run
        Pattern.objects.bulk_create(patterns, batch_size=500)
        Refresh.objects.filter(pk=run.pk).update(seconds=round(time.monotonic() - started, 3))
    run.seconds = round(time.monotonic() - started, 3)
    return run
