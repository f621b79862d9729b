"""Benchmark: a region of 100,000 pupils and more, and the pages professionals open most.

Builds the synthetic region of ``generate_region`` (``overstap.generator.region``: organisations of every type,
pupils and their school careers, this year's moves, staff accounts) in its own database,
then times the authorised pupil list, a search, a pupil page with its audit write, and the who-looked page, through
the real views and middleware (Django test client, so no network in the figures). Prints a Markdown table.

    make bench                       # SQLite file in var/bench/, 100,000 pupils
    make bench PUPILS=250000         # bigger
    DATABASE_URL=postgres://... make bench   # on PostgreSQL (the database is emptied first!)
    .venv/bin/python benchmarks/bench_region.py --pupils 100000 --repeat 20 --signals
                                     # + the signal engine over the region, the home page per role, the signals
                                     #   worklist and the case list with deadlines, with their query counts
"""

import argparse
import datetime
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _setup(database_url: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overstap.conf.ci")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def seed_audit(world: dict, events: int, seed: int = 11) -> None:
    """An audit table of realistic size: a year of reads spread over the region's pupils (see ``generate_region``)."""
    from overstap.generator import region

    region.seed_audit(world["world"], events, seed, datetime.date.today())


def build(pupils: int, seed: int = 7) -> dict:
    """The region of ``generate_region`` without the dossiers (organisations of every type, pupils and their school
    careers), and the accounts the benchmark signs in with: an IB'er of a primary school and leerplicht of the
    municipality with most pupils."""
    from django.db.models import Count

    from overstap.accounts.models import Membership, User
    from overstap.generator import region
    from overstap.organisations.models import OrganisationType
    from overstap.pupils.models import Pupil

    world = region.build_organisations(pupils, seed)
    region.build_pupils(world, pupils, seed, datetime.date.today(), dossiers=False)
    schools = [s for s in world["schools"] if s.type in (OrganisationType.BAO, OrganisationType.VO)]
    primary = [s for s in schools if s.type == OrganisationType.BAO]
    ib = Membership.objects.create(user=User.objects.create(username="bench.ib"), organisation=primary[0], role="ib")
    busiest = (
        Pupil.objects.filter(municipality__in=world["municipalities"])
        .values("municipality")
        .annotate(n=Count("pk"))
        .order_by("-n", "municipality")
        .first()["municipality"]
    )
    lp = Membership.objects.create(
        user=User.objects.create(username="bench.leerplicht"), organisation_id=busiest, role="leerplicht"
    )
    return {
        "ib": ib,
        "leerplicht": lp,
        "schools": len(world["schools"]),
        "school_objects": world["schools"],
        "po": world["po"],
        "world": world,
    }


def build_transitions(world: dict, share: int = 8, seed: int = 5) -> dict:
    """This school year's moves of ``generate_region`` (every status, with what each implies) and an SWV consultant
    of the PO region."""
    from overstap.accounts.models import Membership, User
    from overstap.generator import region
    from overstap.organisations.models import OrganisationType
    from overstap.transitions.models import TransitionCase

    counts = region.build_transitions(world["world"], seed, datetime.date.today(), share=share)
    swv = world["world"]["by_type"][OrganisationType.SWV_PO][0]
    consultant = Membership.objects.create(
        user=User.objects.create(username="bench.consulent"), organisation=swv, role="swv_consulent"
    )
    own = TransitionCase.objects.filter(from_organisation=world["ib"].organisation).order_by("pk")
    return {
        "cases": counts["cases"],
        "consultant": consultant,
        "own_case": own.first() or TransitionCase.objects.order_by("pk").first(),
        "own": own.count(),
    }


def bench_signals(world: dict, moves: dict, repeat: int) -> None:
    """The signal engine over the whole region (a first run and a second with nothing new), then the pages that show
    signals and deadlines, each with its number of queries, next to a minimal signed-in request on the same stack."""
    from django.db import connection
    from django.test import Client

    from overstap.accounts.models import Membership, User
    from overstap.coaching.models import Coaching
    from overstap.monitoring import engine
    from overstap.monitoring.models import Signal
    from overstap.testing.factories import log_in
    from overstap.transitions.models import TransitionCase

    queries = [0]

    def count(execute, sql, params, many, context):
        queries[0] += 1
        return execute(sql, params, many, context)

    connection.execute_wrappers.append(count)  # counts every query from here on, without keeping them
    print()
    print("| signal engine `run_all` | one run ms | queries | raised / closed / open per kind |")
    print("|---|---:|---:|---|")
    for label in ("first run", "second run (nothing new)"):
        queries[0] = 0
        started = time.perf_counter()
        counts = engine.run_all()
        elapsed = (time.perf_counter() - started) * 1000
        ran = queries[0]
        per_kind = ", ".join(
            f"{kind} {c['raised']}/{c['closed']}/{c['open']}" for kind, c in counts.items() if any(c.values())
        )
        print(f"| {label} | {elapsed:,.0f} | {ran:,} | {per_kind or 'nothing found'} |")
    print()
    print(f"Signals in the region after the runs: {Signal.objects.count():,}.")

    receiver = moves["own_case"].to_organisation
    coordinator = Membership.objects.create(
        user=User.objects.create(username="bench.zorgcoordinator"), organisation=receiver, role="zorgcoordinator"
    )
    coach, coachings = build_caseloads(moves["consultant"].organisation)
    clients = {
        "ib": log_in(Client(), world["ib"].user, world["ib"]),
        "zc": log_in(Client(), coordinator.user, coordinator),
        "swv": log_in(Client(), moves["consultant"].user, moves["consultant"]),
        "lp": log_in(Client(), world["leerplicht"].user, world["leerplicht"]),
        "coach": log_in(Client(), coach.user, coach),
    }

    def scope_of(membership) -> str:
        signals = Signal.objects.filter(owner=membership.organisation).count()
        cases = TransitionCase.objects.for_user(membership.user, "list").count()
        return f"{signals:,} signals, {cases:,} moves"

    scopes = {
        "ib": scope_of(world["ib"]),
        "zc": scope_of(coordinator),
        "swv": scope_of(moves["consultant"]),
        "lp": scope_of(world["leerplicht"]),
        "coach": f"{Coaching.objects.filter(coach=coach).count()} of {coachings:,} coachings",
    }
    rows = [
        ("Baseline: minimal signed-in request (`/healthz`, IB'er)", "ib", "/healthz"),
        ("Home page: IB'er", "ib", "/"),
        ("Home page: care coordinator of the receiving school", "zc", "/"),
        ("Home page: SWV consultant", "swv", "/"),
        ("Home page: leerplicht", "lp", "/"),
        ("Signals worklist: IB'er", "ib", "/signalen/"),
        ("Signals worklist: leerplicht", "lp", "/signalen/"),
        ("Case list with deadlines: IB'er", "ib", "/overstappen/"),
        ("Case list with deadlines: care coordinator", "zc", "/overstappen/"),
        ("Home page: overstapcoach", "coach", "/"),
        ("Caseload: overstapcoach", "coach", "/coaching/"),
    ]
    print()
    print("| page | in scope of the user | median ms | p95 ms | × baseline (median) | queries |")
    print("|---|---|---:|---:|---:|---:|")
    baseline = None
    for label, who, url in rows:
        client = clients[who]

        def get(client=client, url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        get()  # warm up
        queries[0] = 0
        get()
        sent = queries[0]
        median, p95 = timed(get, repeat)
        baseline = baseline or median
        print(f"| {label} | {scopes[who]} | {median:.1f} | {p95:.1f} | {median / baseline:.1f} | {sent} |")


def bench_dashboard(moves: dict, repeat: int) -> None:
    """The signal job with the dashboard refresh at its end, then the dashboard of the SWV's policy officer through
    the whole stack, next to the raw SQL that reads the same precomputed aggregate and next to a signed-in
    ``/healthz``."""
    from django.db import connection
    from django.test import Client

    from overstap.accounts.models import Membership, User
    from overstap.dashboard.models import Figure, Refresh
    from overstap.dashboard.services import refresh
    from overstap.monitoring import engine
    from overstap.testing.factories import log_in

    started = time.perf_counter()
    engine.run_all()
    job = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    run = refresh()
    alone = (time.perf_counter() - started) * 1000
    swv = moves["consultant"].organisation
    beleid = Membership.objects.create(
        user=User.objects.create(username="bench.beleid"), organisation=swv, role="beleid"
    )
    client = log_in(Client(), beleid.user, beleid)
    latest = Refresh.objects.order_by("-computed_at", "-pk").first()
    figures = Figure.objects.filter(refresh=latest, scope=swv).count()
    table = Figure._meta.db_table
    sql = (
        f"SELECT metric, school_id, code, school_year, SUM(count), SUM(base) FROM {table} "
        f"WHERE refresh_id = %s AND scope_id = %s AND whole_region = %s GROUP BY metric, school_id, code, school_year"
    )

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(sql, [latest.pk, swv.pk, False])
            cursor.fetchall()
            cursor.execute(
                f"SELECT metric, SUM(count) FROM {table} WHERE refresh_id = %s AND scope_id = %s AND whole_region = %s "
                "GROUP BY metric",
                [latest.pk, swv.pk, True],
            )
            cursor.fetchall()

    # The same aggregate computed live from the base tables by hand-written SQL: the figures of now per kind
    # (distinct pupils) and the handover figures per sending school, transition type and school year.
    region = (
        "SELECT organisation_id FROM organisations_organisation_regions WHERE region_id IN "
        "(SELECT region_id FROM organisations_organisation_regions WHERE organisation_id = %s)"
    )
    live_signals = (
        "SELECT s.kind, COUNT(DISTINCT s.pupil_id) FROM monitoring_signal s "
        "LEFT JOIN transitions_transitioncase c ON c.id = s.case_id "
        "WHERE s.status IN ('open', 'in_behandeling') AND s.kind IN ('geen_plek', 'thuiszitter', 'no_show') "
        f"AND (c.from_organisation_id IN ({region}) OR c.to_organisation_id IN ({region}) OR (s.case_id IS NULL "
        f"AND s.pupil_id IN (SELECT pupil_id FROM pupils_enrolment WHERE organisation_id IN ({region})))) "
        "GROUP BY s.kind"
    )
    live_cases = (
        "SELECT c.from_organisation_id, c.code, c.school_year, COUNT(*), "
        "SUM(CASE WHEN h.sent IS NOT NULL THEN 1 ELSE 0 END), SUM(CASE WHEN h.opened IS NOT NULL THEN 1 ELSE 0 END) "
        "FROM transitions_transitioncase c LEFT JOIN (SELECT case_id, MIN(sent_at) AS sent, MIN(opened_at) AS opened "
        "FROM transitions_handover GROUP BY case_id) h ON h.case_id = c.id "
        f"WHERE c.status <> 'ingetrokken' AND (c.from_organisation_id IN ({region}) OR c.to_organisation_id IN "
        f"({region})) GROUP BY c.from_organisation_id, c.code, c.school_year"
    )

    def live():
        with connection.cursor() as cursor:
            cursor.execute(live_signals, [swv.pk] * 3)
            cursor.fetchall()
            cursor.execute(live_cases, [swv.pk] * 2)
            cursor.fetchall()

    def page(url):
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return get

    print()
    print(
        f"Signal job with the dashboard refresh at its end: {job:,.0f} ms; the refresh alone ({run.figures.count():,} "
        f"figures for every SWV and municipality): {alone:,.0f} ms. The SWV's dashboard reads {figures:,} figures."
    )
    print()
    print("| dashboard (SWV policy officer) | median ms | p95 ms | × raw SQL (median) |")
    print("|---|---:|---:|---:|")
    raw()
    raw_median, raw_p95 = timed(raw, repeat)
    print(
        f"| raw SQL of the same aggregate (two GROUP BY over the snapshot) | {raw_median:.1f} | {raw_p95:.1f} | 1.0 |"
    )
    live()
    live_median, live_p95 = timed(live, max(3, repeat // 4))
    print(
        f"| raw SQL computing part of it live from the base tables (figures of now, handovers per school) | "
        f"{live_median:.1f} | {live_p95:.1f} | {live_median / raw_median:.1f} |"
    )
    for label, url in (
        ("signed-in `/healthz` (same stack, for scale)", "/healthz"),
        ("`/regio/` (the whole page)", "/regio/"),
        ("`/regio/?schooljaar=...` (filtered)", f"/regio/?schooljaar={latest.as_of.year}-{latest.as_of.year + 1}"),
        ("`/regio/export/scholen.csv`", "/regio/export/scholen.csv"),
    ):
        get = page(url)
        get()
        median, p95 = timed(get, repeat)
        ratios = f"{median / raw_median:.1f} (× live SQL: {median / live_median:.2f})"
        print(f"| {label} | {median:.1f} | {p95:.1f} | {ratios} |")
    # The first request after a refresh (or in a new process, or after the cache is emptied): nothing cached, so
    # it reads the figures and the stored pattern of hidden cells and builds every table.
    from django.core.cache import cache

    for label, url in (
        ("`/regio/`, first request (cache emptied before each)", "/regio/"),
        (
            "`/regio/?schooljaar=...`, first request (cache emptied before each)",
            f"/regio/?schooljaar={latest.as_of.year}-{latest.as_of.year + 1}",
        ),
    ):
        get = page(url)

        def first(get=get):
            cache.clear()
            get()

        first()
        median, p95 = timed(first, repeat)
        ratios = f"{median / raw_median:.1f} (× live SQL: {median / live_median:.2f})"
        print(f"| {label} | {median:.1f} | {p95:.1f} | {ratios} |")


def build_caseloads(swv, per_coach: int = 40) -> tuple:
    from overstap.generator import region

    return region.build_caseloads(swv, datetime.date.today(), per_coach, prefix="bench.coach")


def timed(function, repeat: int) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1 if len(samples) > 1 else 0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--audit-events", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument(
        "--signals",
        action="store_true",
        help="also run the signal engine over the region and time the pages that show signals and deadlines "
        "(instead of the escalation job on its own, which the engine's run includes)",
    )
    parser.add_argument(
        "--dashboard",
        action="store_true",
        help="also run the signal job (which refreshes the regional dashboard), then time the dashboard of the SWV's "
        "policy officer next to the raw SQL of the same aggregate",
    )
    args = parser.parse_args()
    if not args.database_url:
        bench_dir = ROOT / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        db_file = bench_dir / "bench.sqlite3"
        db_file.unlink(missing_ok=True)
        args.database_url = f"sqlite:///{db_file}"
    _setup(args.database_url)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from overstap.pupils.models import Enrolment, Pupil
    from overstap.testing.factories import log_in

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        # A clean slate; the audit trigger forbids DELETE but not TRUNCATE (see the audit migration).
        call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    world = build(args.pupils)
    moves = build_transitions(world)
    seed_audit(world, args.audit_events)
    build_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    ib_client = log_in(Client(), world["ib"].user, world["ib"])
    lp_client = log_in(Client(), world["leerplicht"].user, world["leerplicht"])
    own_pupil = Enrolment.objects.filter(organisation=world["ib"].organisation, end_date__isnull=True).first().pupil
    ib_count = Pupil.objects.for_user(world["ib"].user, "list").count()
    lp_count = Pupil.objects.for_user(world["leerplicht"].user, "list").count()

    def get(client, url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    from overstap.monitoring.engine import escalate_unopened

    swv_client = log_in(Client(), moves["consultant"].user, moves["consultant"])
    case_pk = moves["own_case"].pk
    if moves["own_case"].from_organisation_id != world["ib"].organisation_id:
        case_pk = None
    from overstap.transitions.models import TransitionCase

    region_cases = TransitionCase.objects.for_user(moves["consultant"].user, "list").count()
    rows = [
        ("IB'er: pupil list, page 1", lambda: get(ib_client, "/leerlingen/"), ib_count),
        ("IB'er: search by family name", lambda: get(ib_client, "/leerlingen/?q=Visser"), ib_count),
        ("IB'er: pupil page (+ audit insert)", lambda: get(ib_client, f"/leerlingen/{own_pupil.pk}/"), 1),
        ("IB'er: who-looked page", lambda: get(ib_client, f"/leerlingen/{own_pupil.pk}/wie-keek-er/"), 1),
        ("IB'er: refused pupil (404 + audit)", lambda: ib_client.get("/leerlingen/1/"), 0),
        ("Leerplicht: pupil list, page 1", lambda: get(lp_client, "/leerlingen/"), lp_count),
        ("Leerplicht: last page", lambda: get(lp_client, f"/leerlingen/?pagina={(lp_count - 1) // 50 + 1}"), lp_count),
        ("IB'er: transitions list", lambda: get(ib_client, "/overstappen/"), moves["own"]),
        (
            "SWV consultant: transitions of the region (first 200)",
            lambda: get(swv_client, "/overstappen/"),
            region_cases,
        ),
        ("SWV consultant: feedback per school", lambda: get(swv_client, "/overstappen/terugkoppeling/"), region_cases),
    ]
    if case_pk:
        rows.append(("IB'er: transition page (+ audit insert)", lambda: get(ib_client, f"/overstappen/{case_pk}/"), 1))
    print(
        f"Region: {args.pupils:,} pupils, {Enrolment.objects.count():,} enrolments, {world['schools']} places, "
        f"{args.audit_events:,} audit events; built in {build_seconds:.1f} s on {connection.vendor}."
    )
    print()
    print("| operation | pupils (or moves) in scope | median ms | p95 ms |")
    print("|---|---:|---:|---:|")
    for label, function, scope in rows:
        function()  # warm up
        median, p95 = timed(function, args.repeat)
        print(f"| {label} | {scope:,} | {median:.1f} | {p95:.1f} |")
    if args.dashboard:
        bench_dashboard(moves, args.repeat)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print()
        print(f"Peak memory of the benchmark process (building included): {peak:.0f} MiB.")
        return 0
    if args.signals:
        bench_signals(world, moves, args.repeat)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print()
        print(f"Peak memory of the benchmark process (building included): {peak:.0f} MiB.")
        return 0
    started = time.perf_counter()
    raised = escalate_unopened(days=3650)
    print(
        f"| Daily job: escalate unopened handovers ({moves['cases']:,} moves, {len(raised):,} signals raised) | – | "
        f"{(time.perf_counter() - started) * 1000:.0f} (one run) | – |"
    )
    started = time.perf_counter()
    escalate_unopened(days=3650)
    again = (time.perf_counter() - started) * 1000
    print(f"| Daily job again (nothing new to raise) | – | {again:.0f} (one run) | – |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print(f"Peak memory of the benchmark process (building included): {peak:.0f} MiB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
