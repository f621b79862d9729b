"""Computing the dashboard ahead: one ``Refresh`` with the figures of every region, kept for the weekly trend, and
the pattern of hidden cells of the owner's figures (``patterns``), so that the page only reads."""

import datetime
import time

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from overstap.accounts.models import Membership
from overstap.accounts.roles import Role
from overstap.authz.actor import actor_for
from overstap.organisations.models import Organisation

from . import selectors, tables
from .figures import compute
from .models import BuiltPage, Figure, Pattern, Refresh
from .patterns import choose, encode
from .rules import DASHBOARD_ORGANISATION_TYPES, reads_dashboard

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


def build_pages(run: Refresh | None) -> int:
    """Builds, right after a refresh, what the first reader of each dashboard would otherwise build on their
    request: the unfiltered page's tables and filter choices, once per organisation and role that reads a
    dashboard (what a reader may see depends on nothing else), in the site's language. Each is put in the cache
    (shared by the worker and the app servers through ``OVERSTAP_CACHE_URL``) and stored as a ``BuiltPage`` with
    the refresh, so a lost cache costs a read of one row instead of the cells of the whole region. The pages of
    earlier refreshes are removed: only the latest is read. Returns how many readers' pages were built."""
    if run is None:
        return 0
    today = timezone.localdate()
    readers = (
        Membership.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today), start_date__lte=today)
        .filter(role__in=[Role.BELEID, Role.LEERPLICHT], organisation__active=True, user__is_active=True)
        .select_related("user", "organisation")
        .order_by("organisation_id", "role", "pk")
    )
    seen = set()
    pages = []
    with translation.override(settings.LANGUAGE_CODE):
        for membership in readers:
            if (membership.organisation_id, membership.role) in seen:
                continue
            user = membership.user
            user.acting_membership = membership
            if not reads_dashboard(actor_for(user)):
                continue
            seen.add((membership.organisation_id, membership.role))
            choices = selectors.filter_choices(user, run)
            year = choices["years"][0] if choices["years"] else ""
            built = tables.build(user, run, selectors.Filters(), year)
            pages.append(
                BuiltPage(
                    refresh=run,
                    organisation_id=membership.organisation_id,
                    role=membership.role,
                    language=settings.LANGUAGE_CODE,
                    version=selectors.PAGE_VERSION,
                    year=year,
                    choices={key: [list(c) if isinstance(c, tuple) else c for c in v] for key, v in choices.items()},
                    tables=tables.as_stored(built),
                )
            )
    with transaction.atomic():
        BuiltPage.objects.filter(refresh=run, language=settings.LANGUAGE_CODE).delete()
        BuiltPage.objects.bulk_create(pages)
        BuiltPage.objects.exclude(refresh=run).delete()
    return len(pages)
