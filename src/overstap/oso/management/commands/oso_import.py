"""Imports an OSO 2019.1 dossier for one school, as one of its staff, with the same checks and report as the page:
python src/manage.py oso_import dossier.xml --organisation 12AB --as ib@school.nl"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from overstap.organisations.models import Organisation

from ...imports import import_dossier, preview
from ...parsing import OsoError, read_path


class Command(BaseCommand):
    help = "Import an OSO 2019.1 dossier (XML) into a pupil's dossier."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--organisation", required=True, help="BRIN, or BRIN and branch (12AB00)")
        parser.add_argument("--as", dest="email", required=True, help="e-mail of the staff member who imports")
        parser.add_argument("--dry-run", action="store_true", help="show what would happen, write nothing")

    def handle(self, *args, **options):
        organisation = self._organisation(options["organisation"])
        user = self._user(options["email"], organisation)
        try:
            data = read_path(options["file"])
            if options["dry_run"]:
                report = preview(user, organisation, data)
            else:
                report = import_dossier(user, organisation, data, file_name=str(options["file"]))
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from None
        except OsoError as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        except PermissionDenied:
            raise CommandError(f"{options['email']} may not import OSO dossiers here.") from None
        self.stdout.write(f"{report.transition} · {report.sender} · {report.file_date}")
        # The pupil by id and each block by what it is, not by the names and titles in it: what a command prints
        # ends up in a job log or a terminal's scrollback, where no personal data belongs. The page shows them.
        pupil = f"pupil {report.pupil_id}" if report.pupil_id else "pupil"
        self.stdout.write(pupil + (" (new)" if report.pupil_new else ""))
        for line in report.lines:
            kind = f" ({line.kind})" if line.kind and line.kind != "skipped" else ""
            self.stdout.write(f"{line.block}: {line.outcome}{kind}" + (f" {line.reason}" if line.reason else ""))
        self.stdout.write(
            f"{report.entries} entries, {report.guardians} guardians" + ("" if report.applied else " (nothing written)")
        )

    def _organisation(self, code: str) -> Organisation:
        brin, branch = code[:4].upper(), code[4:6]
        found = Organisation.objects.filter(brin=brin, active=True)
        if branch:
            found = found.filter(vestiging=branch)
        found = list(found[:2])
        if len(found) != 1:
            raise CommandError(f"No single school with BRIN {code}.")
        return found[0]

    def _user(self, email: str, organisation: Organisation):
        user = get_user_model().objects.filter(Q(email__iexact=email)).first()
        membership = user and user.active_memberships().filter(organisation=organisation).first()
        if membership is None:
            raise CommandError(f"{email} has no active membership at {organisation}.")
        user.acting_membership = membership
        return user
