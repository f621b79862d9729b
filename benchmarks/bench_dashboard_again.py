"""The dashboard again, on a region that ``bench_region.py --dashboard`` built before: the same requests through the
same stack, next to the raw SQL of the same aggregate, without building the region again (half an hour at
2,500,000 pupils).

    .venv/bin/python benchmarks/bench_dashboard_again.py --database-url postgres://overstap@127.0.0.1:55433/bench
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def timed(call, repeat: int) -> tuple[float, float]:
    call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overstap.conf.ci")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from overstap.accounts.models import Membership
    from overstap.dashboard.models import BuiltPage, Figure, Refresh
    from overstap.dashboard.services import build_pages
    from overstap.testing.factories import log_in

    settings.ALLOWED_HOSTS = ["*"]
    beleid = Membership.objects.get(user__username="bench.beleid")
    client = log_in(Client(), beleid.user, beleid)
    latest = Refresh.objects.order_by("-computed_at", "-pk").first()
    table = Figure._meta.db_table
    cells = (
        f"SELECT metric, school_id, code, school_year, SUM(count), SUM(base) FROM {table} WHERE refresh_id = %s "
        "AND scope_id = %s AND whole_region = %s GROUP BY metric, school_id, code, school_year"
    )
    totals = (
        f"SELECT metric, SUM(count) FROM {table} WHERE refresh_id = %s AND scope_id = %s AND whole_region = %s "
        "GROUP BY metric"
    )

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(cells, [latest.pk, beleid.organisation_id, False])
            cursor.fetchall()
            cursor.execute(totals, [latest.pk, beleid.organisation_id, True])
            cursor.fetchall()

    def get(url):
        assert client.get(url).status_code == 200

    def cold(url="/regio/"):
        cache.clear()
        get(url)

    year = Figure.objects.filter(refresh=latest).exclude(school_year="").order_by("-school_year").first().school_year
    started = time.perf_counter()
    readers = build_pages(latest)
    building = (time.perf_counter() - started) * 1000
    schools = iter(
        Figure.objects.filter(refresh=latest, whole_region=False)
        .exclude(school=None)
        .values_list("school_id", flat=True)
        .distinct()
        .order_by("school_id")
    )

    def new_filter():
        # A school nobody filtered on yet: its tables are built on the request, from the cubes the job left.
        get(f"/regio/?school={next(schools)}")

    rows = (
        ("raw SQL of the same aggregate", raw, args.repeat),
        ("signed-in /healthz", lambda: get("/healthz"), args.repeat),
        ("/regio/, tables cached", lambda: get("/regio/"), args.repeat),
        ("/regio/, cache emptied, page built ahead with the refresh", cold, max(3, args.repeat // 2)),
        ("/regio/?school=…, a filter not chosen before (after the job, cache kept)", new_filter, args.repeat),
        (
            f"/regio/?schooljaar={year}, cache emptied (a filter is built on the request)",
            lambda: cold(f"/regio/?schooljaar={year}"),
            max(3, args.repeat // 2),
        ),
        (
            "/regio/, cache emptied, no page built ahead",
            lambda: (BuiltPage.objects.all().delete(), cold()),
            max(3, args.repeat // 2),
        ),
    )
    base = None
    print("| request | median ms | p95 ms | × raw SQL |")
    print("|---|---:|---:|---:|")
    for label, call, repeat in rows:
        median, p95 = timed(call, repeat)
        base = base or median
        print(f"| {label} | {median:.1f} | {p95:.1f} | {median / base:.2f} |")
    print(f"\nBuilding and storing every reader's page after the refresh: {building:.0f} ms, {readers} readers.")
    build_pages(latest)


if __name__ == "__main__":
    main()
