"""Benchmark: the thuiszitters register on the 100,000-pupil region of ``bench_region.py``.

Adds thuiszitters to the region (absent without permission for four to twelve weeks, and pupils whose school
ended with none after it, about 1 in 150 pupils), routes with review dates for half of them, and an SWV consultant
of the VO region; then times, through the real views (Django test client), the register of leerplicht of the
busiest municipality and of the SWV consultant, its last page and a filter, the CSV export, a route page, and the
"at home" finding over the whole region, with query counts. Prints a Markdown table.

    .venv/bin/python benchmarks/bench_register.py --pupils 100000
    .venv/bin/python benchmarks/bench_register.py --database-url postgres://overstap@127.0.0.1:55433/bench
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_region


def add_thuiszitters(world: dict, share: int = 150, seed: int = 3) -> int:
    from overstap.generator import region

    return region.add_thuiszitters(world["world"], seed, datetime.date.today(), share)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    if not args.database_url:
        folder = bench_region.ROOT / "var" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "register.sqlite3").unlink(missing_ok=True)
        args.database_url = f"sqlite:///{folder / 'register.sqlite3'}"
    bench_region._setup(args.database_url)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from overstap.accounts.models import Membership, User
    from overstap.monitoring.engine import sync
    from overstap.monitoring.models import SignalKind
    from overstap.organisations.models import Organisation, OrganisationType
    from overstap.pupils.models import Pupil
    from overstap.testing.factories import log_in
    from overstap.thuiszitters import definition
    from overstap.thuiszitters.selectors import register_for

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    world = bench_region.build(args.pupils)
    added = add_thuiszitters(world)
    swv = Organisation.objects.create(name="SWV VO Bench", type=OrganisationType.SWV_VO)
    swv.regions.add(world["world"]["vo"])
    consultant = Membership.objects.create(
        user=User.objects.create(username="bench.swv"), organisation=swv, role="swv_consulent"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    officer = world["leerplicht"]
    lp, sc = log_in(Client(), officer.user, officer), log_in(Client(), consultant.user, consultant)
    officer.user.acting_membership, consultant.user.acting_membership = officer, consultant
    lp_count, sc_count = register_for(officer.user).count(), register_for(consultant.user).count()
    some = register_for(officer.user).first()
    school = register_for(officer.user).exclude(school_id=None).first().school_id

    def get(client, url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    rows = [
        ("Leerplicht: register, page 1", lambda: get(lp, "/thuiszitters/"), lp_count),
        (
            "Leerplicht: register, last page",
            lambda: get(lp, f"/thuiszitters/?pagina={(lp_count - 1) // 25 + 1}"),
            lp_count,
        ),
        ("Leerplicht: register, one school", lambda: get(lp, f"/thuiszitters/?school={school}"), lp_count),
        ("Leerplicht: register, review due this week", lambda: get(lp, "/thuiszitters/?herziening=on"), lp_count),
        ("Leerplicht: export CSV (all rows)", lambda: get(lp, "/thuiszitters/export.csv"), lp_count),
        ("Leerplicht: route page", lambda: get(lp, f"/thuiszitters/leerling/{some.pk}/"), 1),
        ("SWV consultant: register, page 1", lambda: get(sc, "/thuiszitters/"), sc_count),
        ("Leerplicht: home page (with the thuiszitters panel)", lambda: get(lp, "/"), lp_count),
    ]
    total = definition.counted(Pupil.objects.all()).count()
    print(
        f"Region: {args.pupils:,} pupils, {added:,} made thuiszitters ({total:,} counted by the definition); "
        f"built in {built:.0f} s on {connection.vendor}."
    )
    print()
    print("| operation | thuiszitters in scope | median ms | p95 ms | queries |")
    print("|---|---:|---:|---:|---:|")
    for label, function, scope in rows:
        function()
        counted = [0]

        def count(execute, sql, params, many, context, counted=counted):
            counted[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            function()
        median, p95 = bench_region.timed(function, args.repeat)
        print(f"| {label} | {scope:,} | {median:.1f} | {p95:.1f} | {counted[0]} |")
    for attempt in ("first", "again"):
        started = time.perf_counter()
        counts = sync(SignalKind.THUISZITTER)
        print(
            f"| Daily run, at home ({attempt}: {counts.raised:,} raised, {counts.open:,} open) | {total:,} | "
            f"{(time.perf_counter() - started) * 1000:.0f} (one run) | – | – |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
