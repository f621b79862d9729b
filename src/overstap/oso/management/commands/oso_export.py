"""Writes a sent handover as an OSO 2019.1 dossier, as one of the staff of the sending or receiving school, with the
same checks and audit as the page: python src/manage.py oso_export 12 dossier.xml --as zc@school.nl"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from overstap.authz.policy import can
from overstap.transitions.models import Handover

from ...export import ExportRefused, export_handover


class Command(BaseCommand):
    help = "Export a sent handover as an OSO 2019.1 dossier (XML)."

    def add_arguments(self, parser):
        parser.add_argument("handover", type=int, help="id of the handover")
        parser.add_argument("file", help="where to write the XML")
        parser.add_argument("--as", dest="email", required=True, help="e-mail of the staff member who exports")

    def handle(self, *args, **options):
        handover = (
            Handover.objects.select_related("case__pupil", "case__from_organisation")
            .filter(pk=options["handover"])
            .first()
        )
        if handover is None:
            raise CommandError(f"No handover {options['handover']}.")
        user = self._user(options["email"], handover)
        try:
            export = export_handover(user, handover)
        except PermissionDenied:
            raise CommandError(f"{options['email']} may not export handover {handover.pk}.") from None
        except ExportRefused as refusal:
            raise CommandError(str(refusal)) from None
        try:
            Path(options["file"]).write_bytes(export.xml)
        except OSError as error:
            raise CommandError(f"Cannot write {options['file']}: {error}") from None
        delivered = [c for c, value in export.delivered.items() if value in ("VERPLICHT", "OPTIONEEL")]
        self.stdout.write(
            f"{options['file']}: {export.overdrachtsoort} {export.overstap}; "
            f"OSO categories delivered: {', '.join(delivered)}"
            + (f"; withheld (consent withdrawn): {', '.join(export.withheld)}" if export.withheld else "")
        )

    def _user(self, email: str, handover: Handover):
        user = get_user_model().objects.filter(email__iexact=email).first()
        case = handover.case
        memberships = (
            user.active_memberships().filter(organisation_id__in=[case.from_organisation_id, case.to_organisation_id])
            if user is not None
            else []
        )
        for membership in memberships:
            user.acting_membership = membership
            if can(user, "oso_export", case):
                return user
        raise CommandError(f"{email} has no role at the sending or receiving school that may export this handover.")
