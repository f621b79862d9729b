"""Fixtures shared by every app's tests."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


# --- The audit trail between tests ------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def _reset_may_empty_the_audit_trail():
    """Between transactional tests the runner empties every table. On SQLite the audit triggers refuse that
    DELETE; the reset, and only the reset, runs with the trail unlocked (overstap/audit/maintenance.py)."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from overstap.audit.maintenance import unlocked

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with unlocked():
            return original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


# --- Browser tests: Playwright driving Debian's Chromium -------------------------------------------------------

CHROMIUM = Path(os.environ.get("OVERSTAP_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOT_DIR = Path(os.environ.get("OVERSTAP_SCREENSHOTS", REPO_ROOT / "var" / "screenshots"))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium (make test does when it may)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the live server's database access is still sync.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    if os.environ.get("OVERSTAP_KEEP_SCREENSHOTS"):
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT_DIR / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def axe():
    """Runs axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules on a page and returns its violations.

    The 2.2 rules (such as target-size, 2.5.8) need an axe-core that knows them: 4.5 or later."""
    import axe_playwright_python

    script = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text(encoding="utf-8")

    def run(page) -> list[dict]:
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern,
        # so the test does not need to weaken the policy it also checks.
        page.evaluate(script)
        result = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']}})"
        )
        return result["violations"]

    return run


# --- Celery: a real worker against Debian's redis-server (tests marked @pytest.mark.celery) ---------------------

REDIS_SERVER = os.environ.get("OVERSTAP_REDIS_SERVER", "redis-server")
SRC_DIR = REPO_ROOT / "src"


def _redis_server_or_skip() -> str:
    path = shutil.which(REDIS_SERVER)
    if path is None:
        message = f"{REDIS_SERVER} not found: install Debian's redis-server to run the Celery worker tests"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _runs_worker_tests(session) -> bool:
    return any(item.get_closest_marker("celery") for item in session.items)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request, tmp_path_factory):
    """A worker is another process, which cannot see an in-memory SQLite database: when this run has a worker
    test (and can run it), the SQLite test database is a file. Other runs keep the fast in-memory one."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3" or not _runs_worker_tests(request.session):
        return
    if shutil.which(REDIS_SERVER) is None:
        return  # the worker tests skip (or fail in CI) without needing the database
    database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test.sqlite3")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen, timeout: float = 10) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def redis_url(tmp_path):
    """A throw-away redis-server on a free port, nothing saved to disk; stopped after the test."""
    import redis

    server = _redis_server_or_skip()
    port = _free_port()
    log = (tmp_path / "redis.log").open("w")
    command = [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    command += ["--daemonize", "no", "--dir", str(tmp_path)]
    process = subprocess.Popen(
        command,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        deadline = time.monotonic() + 10
        while True:
            with contextlib.suppress(redis.ConnectionError):
                if client.ping():
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"redis-server did not start:\n{(tmp_path / 'redis.log').read_text()}")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        _stop(process)
        log.close()


def _database_url(settings_dict) -> str:
    """The test database as a DATABASE_URL, for a process that reads its settings from the environment."""
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        name = str(settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            pytest.fail("the SQLite test database is in memory; a worker test needs the file-based one")
        return f"sqlite:///{name}"
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = quote(settings_dict.get("HOST") or "", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{quote(settings_dict['NAME'], safe='')}"


class Worker:
    """A real ``celery -A overstap worker`` in a subprocess, on the test database and the given broker."""

    def __init__(self, broker_url: str, log_path: Path):
        from celery import Celery
        from django.db import connection

        self.log_path = log_path
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "overstap.conf.ci",
            "DATABASE_URL": _database_url(connection.settings_dict),
            "CELERY_BROKER_URL": broker_url,
            "CELERY_RESULT_BACKEND": broker_url,
            "EMAIL_HOST": "",  # mails go to the worker's log
        }
        self._log = log_path.open("w")
        command = [sys.executable, "-m", "celery", "-A", "overstap", "worker", "--pool=solo", "--concurrency=1"]
        command += ["-l", "info", "--without-heartbeat", "--without-gossip", "--without-mingle"]
        self.process = subprocess.Popen(command, cwd=SRC_DIR, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        # A client of its own, so the eager application of this process stays as it is.
        self.client = Celery("overstap-test-client", broker=broker_url, backend=broker_url, set_as_current=False)

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def run(self, task: str, *args, timeout: float = 30):
        """Sends the task to the worker and returns its result; fails with the worker's log if it does not come."""
        result = self.client.send_task(task, args=args)
        deadline = time.monotonic() + timeout
        while not result.ready():
            if self.process.poll() is not None:
                pytest.fail(f"the worker stopped (exit {self.process.returncode}):\n{self.log()}")
            if time.monotonic() > deadline:
                pytest.fail(f"no result from the worker within {timeout} s:\n{self.log()}")
            time.sleep(0.05)
        return result.get(timeout=1)

    def stop(self):
        # Killed, not shut down: its results are in, and a warm shutdown waits out the broker's poll (seconds).
        self.process.kill()
        self.process.wait()
        self.client.close()
        self._log.close()


@pytest.fixture
def celery_worker(redis_url, transactional_db, tmp_path):
    """A worker that reaches this test's database: the data a test writes is committed, so the worker sees it."""
    worker = Worker(redis_url, tmp_path / "worker.log")
    try:
        yield worker
    finally:
        worker.stop()
