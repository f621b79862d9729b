"""Load client and verdict of scripts/db-failure-drill. Standard library only.

``load``: N writer threads add pupils through the REST API, each write with its own marker in the given names,
and one reader thread opens the home page as a signed-in user and asks the health check, until a stop file
appears or the deadline passes. Every answer goes to a JSON-lines file.

``check``: reads that file, what the database holds afterwards and the drill's timestamps, and says PASS or FAIL
with the figures.
"""

import argparse
import datetime
import json
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

DUTCH = "Probeer het zo opnieuw"
FAMILY_NAME = "Belasting"


def _request(url, *, data=None, headers=None, timeout=10.0):
    """(status, body, retry_after); status 0 when no HTTP answer came (refused, reset, timed out)."""
    # The drill builds every URL itself from the loopback address it started gunicorn on.
    req = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data else "GET")  # noqa: S310
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read().decode("utf-8", "replace"), response.headers.get("Retry-After")
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8", "replace")
        return error.code, body, error.headers.get("Retry-After")
    except (OSError, urllib.error.URLError) as error:
        return 0, type(error).__name__, None


class Recorder:
    def __init__(self, path: Path):
        self.file = path.open("a", encoding="utf-8")
        self.lock = threading.Lock()

    def write(self, **row):
        row["t"] = time.time()
        with self.lock:
            self.file.write(json.dumps(row) + "\n")
            self.file.flush()


def writer(args, number: int, recorder: Recorder, stop: threading.Event):
    today = datetime.date.today()
    birth = today.replace(year=today.year - 8, day=min(today.day, 28))
    sequence = 0
    while not stop.is_set():
        sequence += 1
        marker = f"Proef {args.run}-{number}-{sequence}"
        body = json.dumps(
            {
                "given_names": marker,
                "family_name": FAMILY_NAME,
                "birth_date": birth.isoformat(),
                "start_date": today.isoformat(),
            }
        ).encode()
        headers = {
            "Authorization": f"Bearer {args.token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        started = time.time()
        status, text, retry_after = _request(f"{args.base}/api/v1/pupils/", data=body, headers=headers)
        pupil_id = None
        if status == 201:
            try:
                pupil_id = json.loads(text).get("id")
            except ValueError:
                pupil_id = None
        recorder.write(
            kind="write",
            marker=marker,
            status=status,
            pupil_id=pupil_id,
            dutch=DUTCH in text,
            retry_after=retry_after,
            seconds=round(time.time() - started, 3),
            body=text[:300] if status not in (201, 503) else "",
        )
        if status != 201:
            time.sleep(0.2)  # a drill client retries sooner than Retry-After asks, to time the recovery


def reader(args, recorder: Recorder, stop: threading.Event):
    cookie = {"Cookie": f"{args.session_cookie}={args.session}", "Accept": "text/html"}
    while not stop.is_set():
        status, text, retry_after = _request(f"{args.base}/", headers=cookie)
        # Signed in: the page carries the log-out form, so a 200 is not the anonymous home page after a lost session.
        signed_in = 'action="/account/uitloggen/"' in text
        recorder.write(kind="page", status=status, dutch=DUTCH in text, retry_after=retry_after, signed_in=signed_in)
        status, text, _ = _request(f"{args.base}/healthz")
        recorder.write(kind="health", status=status)
        time.sleep(0.25)


def load(args) -> int:
    recorder = Recorder(Path(args.out))
    stop = threading.Event()
    threads = [
        threading.Thread(target=writer, args=(args, n, recorder, stop), daemon=True) for n in range(args.clients)
    ]
    threads.append(threading.Thread(target=reader, args=(args, recorder, stop), daemon=True))
    for thread in threads:
        thread.start()
    deadline = time.time() + args.max_seconds
    stop_file = Path(args.stop_file)
    while time.time() < deadline and not stop_file.exists():
        time.sleep(0.1)
    stop.set()
    for thread in threads:
        thread.join(timeout=15)
    return 0


def check(args) -> int:
    rows = [json.loads(line) for line in Path(args.results).read_text(encoding="utf-8").splitlines() if line]
    times = json.loads(Path(args.times).read_text(encoding="utf-8"))
    killed, back = times["killed"], times["back"]
    # What the database holds: marker, pupil id, audit row of the pupil, enrolments, enrolments with audit row.
    stored = {}
    for line in Path(args.stored).read_text(encoding="utf-8").splitlines():
        if line.strip():
            marker, pupil_id, audited, enrolments, enrolments_audited = line.split("|")
            stored[marker] = (int(pupil_id), audited == "t", int(enrolments), int(enrolments_audited))
    orphan_audit = int(Path(args.orphans).read_text(encoding="utf-8").strip() or 0)

    writes = [r for r in rows if r["kind"] == "write"]
    pages = [r for r in rows if r["kind"] == "page"]
    health = [r for r in rows if r["kind"] == "health"]
    acknowledged = [r for r in writes if 200 <= r["status"] < 300]
    lost = [r["marker"] for r in acknowledged if r["marker"] not in stored]
    wrong_id = [r["marker"] for r in acknowledged if r["marker"] in stored and stored[r["marker"]][0] != r["pupil_id"]]
    without_audit = [m for m, (_, audited, enrolments, enrolled_audited) in stored.items() if not audited]
    enrolment_problems = [m for m, (_, _, enrolments, enrolled_audited) in stored.items() if enrolments != 1]
    enrolment_unaudited = [m for m, (_, _, enrolments, enrolled_audited) in stored.items() if enrolled_audited != 1]
    unacknowledged_stored = len(set(stored) - {r["marker"] for r in acknowledged})
    by_status = {}
    for r in writes:
        by_status[r["status"]] = by_status.get(r["status"], 0) + 1
    unavailable = [r for r in writes + pages if r["status"] == 503]
    write_503_dutch = [r for r in writes if r["status"] == 503 and r["dutch"]]
    page_503 = [r for r in pages if r["status"] == 503]
    page_503_dutch = [r for r in page_503 if r["dutch"]]
    no_retry_after = [r for r in unavailable if not r.get("retry_after")]
    server_errors = [r for r in writes + pages + health if r["status"] >= 500 and r["status"] != 503]
    no_answer = [r for r in writes + pages + health if r["status"] == 0]
    health_down = [r for r in health if killed <= r["t"] <= back and r["status"] == 503]
    after = [r for r in writes if r["t"] > back and 200 <= r["status"] < 300]
    first_success = min((r["t"] for r in after), default=None)
    pages_before = [r for r in pages if r["t"] < killed and r["status"] == 200 and r.get("signed_in")]
    pages_after = [r for r in pages if r["t"] > back and r["status"] == 200 and r.get("signed_in")]
    log_text = Path(args.gunicorn_log).read_text(encoding="utf-8", errors="replace")
    tracebacks = log_text.count("Traceback")
    warnings = log_text.count("Database unavailable, answered 503")
    during = [r for r in writes if killed <= r["t"] <= back]

    checks = [
        ("acknowledged writes", len(acknowledged) > 0, len(acknowledged)),
        ("acknowledged writes lost", not lost, len(lost)),
        ("acknowledged writes stored under another id", not wrong_id, len(wrong_id)),
        ("stored pupils without their audit row", not without_audit, len(without_audit)),
        ("stored pupils without exactly one enrolment", not enrolment_problems, len(enrolment_problems)),
        ("stored enrolments without their audit row", not enrolment_unaudited, len(enrolment_unaudited)),
        ("audit rows of a pupil that is not there", orphan_audit == 0, orphan_audit),
        ("503 answers while the database was down", len(unavailable) > 0, len(unavailable)),
        (
            "  of which pages with the Dutch text",
            len(page_503) > 0 and len(page_503_dutch) == len(page_503),
            f"{len(page_503_dutch)}/{len(page_503)}",
        ),
        (
            "  of which API answers with the Dutch text",
            len(write_503_dutch) == by_status.get(503, 0),
            f"{len(write_503_dutch)}/{by_status.get(503, 0)}",
        ),
        ("  without Retry-After", not no_retry_after, len(no_retry_after)),
        ("health check 503 while down", len(health_down) > 0, len(health_down)),
        ("500 (or other 5xx but 503) answers", not server_errors, len(server_errors)),
        ("requests without an HTTP answer", not no_answer, len(no_answer)),
        ("writes acknowledged after the restart", len(after) > 0, len(after)),
        ("pages served to the signed-in user before the stop", len(pages_before) > 0, len(pages_before)),
        ("pages served again after the restart, still signed in", len(pages_after) > 0, len(pages_after)),
        ("gunicorn unchanged (same master process)", times.get("gunicorn_same", False), times.get("gunicorn_pid")),
        ("tracebacks in the application log", tracebacks == 0, tracebacks),
        (
            "one warning line per 503 answer",
            warnings == len(unavailable),
            f"{warnings} lines, {len(unavailable)} answers",
        ),
    ]
    print("Database failure drill")
    print(f"  writes sent {len(writes)}, by status {dict(sorted(by_status.items()))}")
    print(f"  writes sent while the database was down: {len(during)}")
    print(f"  stored but never acknowledged (the answer was lost, the write was not): {unacknowledged_stored}")
    print(f"  database down for {back - killed:.1f} s (killed at +{killed - times['start']:.1f} s)")
    if first_success is not None:
        print(f"  first acknowledged write {first_success - back:.2f} s after PostgreSQL accepted connections again")
    failed = False
    for name, ok, figure in checks:
        print(f"  [{'ok' if ok else 'FAIL'}] {name}: {figure}")
        failed = failed or not ok
    if lost:
        print("  lost:", ", ".join(lost[:10]))
    if server_errors:
        print("  first server error:", json.dumps(server_errors[0])[:400])
    print("FAIL" if failed else "PASS")
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("load")
    p.add_argument("--base", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--session", required=True)
    p.add_argument("--session-cookie", default="overstap_session")
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--run", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--stop-file", required=True)
    p.add_argument("--max-seconds", type=float, default=120)
    c = sub.add_parser("check")
    for name in ("results", "stored", "orphans", "times", "gunicorn-log"):
        c.add_argument(f"--{name}", required=True)
    args = parser.parse_args()
    return load(args) if args.mode == "load" else check(args)


if __name__ == "__main__":
    sys.exit(main())
