"""Benchmark: importing a pupil list of 100,000 rows (CSV and XLSX) through ``pupils.imports``, as the page and
``import_pupils`` do, beside the raw SQL that inserts the same pupils and enrolments.

Each measurement runs in a fresh child process on a fresh database, so its peak memory (ru_maxrss) is its own: a
list ten times longer must not need ten times the memory. Prints a Markdown table.

    .venv/bin/python benchmarks/bench_import.py --rows 100000
    .venv/bin/python benchmarks/bench_import.py --rows 100000 --database-url postgres://overstap@127.0.0.1:55433/bench
"""

import argparse
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
HEADER = ["Voornamen", "Roepnaam", "Tussenvoegsel", "Achternaam", "Geboortedatum", "BSN", "Klas", "Inschrijfdatum"]


def _numbers(count: int, seed: int = 5):
    """Distinct nine-digit numbers that pass the eleven-test (as a BSN does)."""
    rng = random.Random(seed)
    seen = set()
    while len(seen) < count:
        digits = [rng.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, WEIGHTS[:8], strict=True))
        last = total % 11
        if last > 9:
            continue
        number = "".join(map(str, digits)) + str(last)
        if number not in seen and number != "000000000":
            seen.add(number)
            yield number


def _rows(count: int):
    rng = random.Random(9)
    today = datetime.date.today()
    given = ["Sem", "Noor", "Fatima", "Daan", "Zoë", "Mila", "Liam", "Yara", "Bram", "Saar"]
    family = ["Jansen", "de Vries", "Bakker", "Yilmaz", "El Amrani", "Visser", "Smit", "Mulder", "Bos", "Peters"]
    for number in _numbers(count):
        born = datetime.date(today.year - rng.randint(12, 17), rng.randint(1, 12), rng.randint(1, 28))
        start = datetime.date(born.year + 12, 8, 1)
        yield [
            rng.choice(given),
            "",
            "",
            rng.choice(family),
            born.strftime("%d-%m-%Y"),
            number,
            f"{rng.randint(1, 6)}{rng.choice('ABCD')}",
            min(start, today).strftime("%d-%m-%Y"),
        ]


def write_files(rows: int, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = folder / f"list-{rows}.csv", folder / f"list-{rows}.xlsx"
    if not csv_path.exists():
        with open(csv_path, "w", encoding="utf-8", newline="") as out:
            out.write(";".join(HEADER) + "\r\n")
            for row in _rows(rows):
                out.write(";".join(row) + "\r\n")
    if not xlsx_path.exists():
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(HEADER)
        for row in _rows(rows):
            sheet.append(row)
        workbook.save(xlsx_path)
    return {"csv": csv_path, "xlsx": xlsx_path}


def _setup(database_url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "overstap.conf.ci")
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)


def _school():
    from overstap.accounts.models import Membership, User
    from overstap.organisations.models import Organisation, OrganisationType

    school = Organisation.objects.create(name="Bench College", type=OrganisationType.VO, brin="99ZZ", vestiging="00")
    user = User.objects.create(username="zc.bench", email="zc@bench.invalid", first_name="Zorg", last_name="Bench")
    membership = Membership.objects.create(
        user=user, organisation=school, role="zorgcoordinator", start_date=datetime.date(2000, 1, 1)
    )
    user.acting_membership = membership
    return school, user


def child(mode: str, path: str, database_url: str) -> dict:
    """One measurement in this (child) process: 'import' twice (the second changes nothing), or 'raw'."""
    _setup(database_url)
    from django.conf import settings

    from overstap.pupils import imports
    from overstap.pupils.tables import open_table

    school, user = _school()
    result = {}
    if mode == "raw":
        result["raw"] = _raw_sql(path, school)
    elif mode == "read":
        result["read"] = _read_only(path)
    else:
        for run in ("first", "again"):
            started = time.perf_counter()
            with open(path, "rb") as handle:
                table = open_table(handle, max_bytes=settings.OVERSTAP_IMPORT_MAX_BYTES)
                report = imports.import_pupils(
                    user, school, table, imports.suggest_mapping(table.headers), valid_only=True, apply=True
                )
            result[run] = {
                "seconds": time.perf_counter() - started,
                "added": report.added,
                "unchanged": report.unchanged,
                "invalid": report.invalid,
            }
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _raw_sql(path: str, school) -> dict:
    """The floor: the same CSV parsed by the csv module and inserted with executemany, no checks, no audit."""
    import csv

    from django.db import connection, transaction

    started = time.perf_counter()
    with open(path, encoding="utf-8", newline="") as handle, transaction.atomic(), connection.cursor() as cursor:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        batch = []
        now = datetime.datetime.now(datetime.UTC)

        def flush():
            cursor.executemany(
                "INSERT INTO pupils_pupil (given_names, preferred_name, family_name_prefix, family_name, birth_date,"
                " onderwijsnummer, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [(r[0], r[1], r[2], r[3], _iso(r[4]), r[5], now) for r in batch],
            )
            cursor.execute(
                'INSERT INTO pupils_enrolment (pupil_id, organisation_id, start_date, programme, "group")'
                " SELECT id, %s, %s, '', '' FROM pupils_pupil WHERE onderwijsnummer IN ("
                + ",".join(["%s"] * len(batch))
                + ")",
                [school.pk, datetime.date.today(), *[r[5] for r in batch]],
            )
            batch.clear()

        for row in reader:
            batch.append(row)
            if len(batch) == 1000:
                flush()
        if batch:
            flush()
    return {"seconds": time.perf_counter() - started}


def _read_only(path: str) -> dict:
    """Reading the sheet alone, every row and cell, with our reader and with openpyxl's read-only mode."""
    from django.conf import settings
    from openpyxl import load_workbook

    from overstap.pupils.tables import open_table

    started = time.perf_counter()
    with open(path, "rb") as handle:
        own = sum(1 for _row in open_table(handle, max_bytes=settings.OVERSTAP_IMPORT_MAX_BYTES).rows)
    own_seconds = time.perf_counter() - started
    started = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    theirs = sum(1 for _row in workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    workbook.close()
    assert own == theirs, (own, theirs)
    return {"rows": own, "own": own_seconds, "openpyxl": time.perf_counter() - started}


def _iso(text: str) -> str:
    day, month, year = text.split("-")
    return f"{year}-{month}-{day}"


def _measure(mode: str, path: Path, database_url: str | None, tag: str) -> dict:
    url = database_url
    if url is None:
        db = ROOT / "var" / "bench" / f"import-{tag}.sqlite3"
        db.unlink(missing_ok=True)
        url = f"sqlite:///{db}"
    output = subprocess.run(  # noqa: S603  (this script, run again as a child, with our own arguments)
        [sys.executable, __file__, "--child", mode, str(path), "--database-url", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1], args.database_url)))
        return 0
    folder = ROOT / "var" / "bench"
    small, large = args.rows // 10, args.rows
    files = {n: write_files(n, folder) for n in (small, large)}
    lines = [
        "| list | rows | import, first (s) | import again, nothing changes (s) | raw SQL of the same rows (s) "
        "| ratio | peak memory (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in ("csv", "xlsx"):
        for n in (small, large):
            measured = _measure("import", files[n][kind], args.database_url, f"{kind}-{n}")
            raw = _measure("raw", files[n]["csv"], args.database_url, f"raw-{n}") if kind == "csv" else None
            first, again = measured["first"], measured["again"]
            assert first["added"] == n and again["unchanged"] == n, measured
            ratio = f"{first['seconds'] / raw['raw']['seconds']:.1f}×" if raw else "–"
            lines.append(
                f"| {kind.upper()} | {n:,} | {first['seconds']:.1f} | {again['seconds']:.1f} | "
                f"{raw['raw']['seconds']:.1f} | {ratio} | {measured['maxrss_mb']:.0f} |"
                if raw
                else f"| {kind.upper()} | {n:,} | {first['seconds']:.1f} | {again['seconds']:.1f} | – | – | "
                f"{measured['maxrss_mb']:.0f} |"
            )
            print(lines[-1], file=sys.stderr, flush=True)
    read = _measure("read", files[large]["xlsx"], args.database_url, "read")["read"]
    lines += [
        "",
        "| reading the XLSX of {:,} rows, nothing imported | seconds |".format(read["rows"]),
        "|---|---:|",
        f"| `pupils/xlsx.py` (the import's reader) | {read['own']:.1f} |",
        f"| openpyxl, read-only mode | {read['openpyxl']:.1f} |",
        f"| ratio | {read['openpyxl'] / read['own']:.1f}× |",
    ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
