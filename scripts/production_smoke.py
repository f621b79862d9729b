"""Client of scripts/production-smoke. Standard library only.

``login-and-read``: logs in through the pages as a person does (username and password, then the six-digit code
from the authenticator), opens a pupil's dossier and says whether the page is the dossier. The code is read from a
command the script passes (the demo account's current code); cookies are kept by hand, because the production
settings mark them Secure and the smoke test talks plain HTTP on loopback.

``wait-sql``: runs a query (through psql) until it answers something other than nothing or 0, or the time is up.
"""

import argparse
import http.cookies
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path: str, form: dict | None = None, timeout: float = 15.0):
        """(status, body, location) of one request, without following a redirect."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        headers = {"Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        # Every URL is built from the loopback address the script started gunicorn on.
        req = urllib.request.Request(self.base + path, data=data, headers=headers)  # noqa: S310
        try:
            response = self.opener.open(req, timeout=timeout)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        body = response.read().decode("utf-8", "replace")
        location = response.headers.get("Location") or ""
        return response.status if hasattr(response, "status") else response.code, body, location

    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")


def path_of(location: str) -> str:
    parts = urllib.parse.urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def login_and_read(args) -> int:
    browser = Browser(args.base)
    figures: dict[str, object] = {}
    started = time.monotonic()
    status, _, _ = browser.request("/account/inloggen/")
    figures["login page"] = status
    status, body, location = browser.request(
        "/account/inloggen/",
        {"username": args.username, "password": args.password, "csrfmiddlewaretoken": browser.csrf()},
    )
    figures["password step"] = f"{status} -> {path_of(location)}"
    if status != 302 or "/account/inloggen/code/" not in location:
        return report(False, figures, "the password step did not lead to the code step", body)
    code_path = path_of(location)
    browser.request(code_path)
    code = subprocess.run(args.code_command, shell=True, capture_output=True, text=True, timeout=60, check=False)  # noqa: S602
    token = code.stdout.strip().splitlines()[-1] if code.stdout.strip() else ""
    if not re.fullmatch(r"\d{6}", token):
        return report(False, figures, "no six-digit code from the code command", code.stderr)
    status, body, location = browser.request(code_path, {"code": token, "csrfmiddlewaretoken": browser.csrf()})
    figures["code step"] = f"{status} -> {path_of(location)}"
    if status != 302 or "/account/inloggen" in location:
        return report(False, figures, "the code step did not sign in", body)
    figures["signed in after s"] = round(time.monotonic() - started, 2)
    read_started = time.monotonic()
    status, body, _ = browser.request(f"/leerlingen/{args.pupil}/dossier/")
    figures["dossier page"] = status
    figures["dossier page s"] = round(time.monotonic() - read_started, 3)
    name_shown = args.pupil_name in body
    figures["pupil's name on the page"] = name_shown
    ok = status == 200 and name_shown
    return report(ok, figures, "" if ok else "the dossier page is not the pupil's dossier", "" if ok else body)


def report(ok: bool, figures: dict, problem: str, detail: str) -> int:
    print(json.dumps(figures, ensure_ascii=False))
    if not ok:
        print(f"problem: {problem}", file=sys.stderr)
        if detail:
            print(detail[:1500], file=sys.stderr)
    return 0 if ok else 1


def wait_sql(args) -> int:
    deadline = time.monotonic() + args.timeout
    started = time.monotonic()
    command = [args.psql, "-h", "127.0.0.1", "-p", args.port, "-U", "overstap", "-d", "overstap", "-qtA", "-c"]
    while True:
        # The script's own psql and query, no input from elsewhere.
        answer = subprocess.run([*command, args.sql], capture_output=True, text=True, timeout=30, check=False)  # noqa: S603
        value = answer.stdout.strip()
        if answer.returncode == 0 and value not in ("", "0"):
            print(f"{value} {time.monotonic() - started:.2f}")
            return 0
        if time.monotonic() > deadline:
            print(f"nothing after {args.timeout} s: {answer.stderr.strip()}", file=sys.stderr)
            return 1
        time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("login-and-read")
    p.add_argument("--base", required=True)
    p.add_argument("--username", required=True)
    p.add_argument("--password", required=True)
    p.add_argument("--code-command", required=True)
    p.add_argument("--pupil", required=True)
    p.add_argument("--pupil-name", required=True)
    w = sub.add_parser("wait-sql")
    w.add_argument("--psql", required=True)
    w.add_argument("--port", required=True)
    w.add_argument("--sql", required=True)
    w.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    return login_and_read(args) if args.mode == "login-and-read" else wait_sql(args)


if __name__ == "__main__":
    sys.exit(main())
