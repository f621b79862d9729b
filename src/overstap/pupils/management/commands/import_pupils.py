"""Imports a pupil list (CSV or XLSX) for one school, as one of its staff, with the same checks and report as the
page: python src/manage.py import_pupils leerlingen.csv --organisation 12AB --as ib@school.nl"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from overstap.organisations.models import Organisation

from ...imports import FIELDS, check_mapping, import_pupils, suggest_mapping
from ...tables import TableError, open_table


class Command(BaseCommand):
    help = "Import a pupil list (CSV or XLSX) from a school's administration system."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--organisation", required=True, help="BRIN, or BRIN and branch (12AB00)")
        parser.add_argument("--as", dest="email", required=True, help="e-mail of the staff member who imports")
        parser.add_argument(
            "--column",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="a column for a field, where the name is not recognised; fields: " + ", ".join(f.key for f in FIELDS),
        )
        parser.add_argument("--valid-only", action="store_true", help="import the valid rows, skip the others")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")

    def handle(self, *args, **options):
        organisation = self._organisation(options["organisation"])
        user = self._user(options["email"], organisation)
        try:
            with open(options["file"], "rb") as handle:
                table = open_table(handle, max_bytes=settings.OVERSTAP_IMPORT_MAX_BYTES)
                mapping = suggest_mapping(table.headers)
                for pair in options["column"]:
                    key, _sep, column = pair.partition("=")
                    if key not in mapping:
                        raise CommandError(f"Unknown field {key!r}; fields: {', '.join(mapping)}")
                    mapping[key] = column
                errors = check_mapping(table.headers, mapping)
                if errors:
                    raise CommandError("\n".join(errors.values()))
                report = import_pupils(
                    user,
                    organisation,
                    table,
                    mapping,
                    valid_only=options["valid_only"],
                    apply=not options["dry_run"],
                    source=str(options["file"]),
                )
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from None
        except TableError as error:
            raise CommandError(str(error)) from None
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(str(error)) from None
        for problem in report.problems:
            self.stdout.write(f"rij {problem.row}, kolom “{problem.column}”: {problem.message}")
        for note in report.notes:
            self.stdout.write(f"rij {note.row}: {note.message}")
        self.stdout.write(
            f"{report.rows} rows, {report.valid} valid, {report.invalid} with a problem; "
            f"{report.added} pupils added, {report.enrolled} enrolled, {report.updated} updated, "
            f"{report.ended} ended, {report.unchanged} unchanged" + ("" if report.applied else " (nothing written)")
        )
        if report.invalid and not report.applied and not options["dry_run"]:
            raise CommandError("Nothing was imported: a row has a problem (use --valid-only to skip such rows).")

    def _organisation(self, code: str) -> Organisation:
        brin, branch = code[:4].upper(), code[4:6]
        found = Organisation.objects.filter(brin=brin, active=True)
        if branch:
            found = found.filter(vestiging=branch)
        found = list(found[:2])
        if len(found) != 1:
            raise CommandError(
                f"No single school with BRIN {code}" + (": give the branch too (12AB00)." if found else ".")
            )
        return found[0]

    def _user(self, email: str, organisation: Organisation):
        user = get_user_model().objects.filter(Q(email__iexact=email)).first()
        membership = user and user.active_memberships().filter(organisation=organisation).first()
        if membership is None:
            raise CommandError(f"{email} has no active membership at {organisation}.")
        user.acting_membership = membership
        return user
