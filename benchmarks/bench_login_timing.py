"""Does a failed log-in take as long for an unknown username as for an existing one?

Each attempt uses a fresh username (so the lock-out never starts) through the real log-in view and middleware,
with the production password hasher (PBKDF2), alternating existing and unknown usernames. Prints the medians.

    .venv/bin/python benchmarks/bench_login_timing.py --attempts 200
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overstap.conf.ci")
    db_file = ROOT / "var" / "bench" / "login.sqlite3"
    db_file.parent.mkdir(parents=True, exist_ok=True)
    db_file.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
    import django
    from django.conf import settings

    django.setup()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # as in production
    from django.core.management import call_command
    from django.test import Client

    from overstap.accounts.models import User

    call_command("migrate", verbosity=0)
    for n in range(args.attempts):
        user = User(username=f"bestaat{n}")
        user.set_password("Een-goed-wachtwoord-1")
        user.save()
    client = Client()
    existing, unknown = [], []
    for n in range(args.attempts):
        for name, bucket in ((f"bestaat{n}", existing), (f"onbekend{n}", unknown)):
            start = time.perf_counter()
            response = client.post("/account/inloggen/", {"username": name, "password": "fout-wachtwoord"})
            bucket.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
    print("| failed log-in | attempts | median ms | p95 ms |")
    print("|---|---:|---:|---:|")
    for label, samples in (("existing username, wrong password", existing), ("unknown username", unknown)):
        samples.sort()
        p95 = samples[int(len(samples) * 0.95) - 1]
        print(f"| {label} | {len(samples)} | {statistics.median(samples):.1f} | {p95:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
