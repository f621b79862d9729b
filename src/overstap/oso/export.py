"""A sent handover as an OSO 2019.1 dossier, validated against Edustandaard's schema before it is handed out.

Only what the frozen handover carries goes, as its reader may read it now (``transitions.handover.content_for``:
a section whose consent was withdrawn is withheld). The mapping is in ``mapping_export``; see docs/oso.md and
docs/adr/0018-oso-export.md.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from defusedxml.ElementTree import fromstring
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.consent.categories import Category
from overstap.transitions.handover import content_for, read_basis, sent_handover, shown, withheld
from overstap.transitions.models import Handover, Status
from overstap.transitions.workflow import open_handover

from . import gegevensset, mapping_export

logger = logging.getLogger(__name__)


class ExportRefused(Exception):
    """The dossier is not handed out; the message says why, in Dutch."""


@dataclass
class Export:
    xml: bytes
    filename: str
    overstap: str
    overdrachtsoort: str
    delivered: dict = field(default_factory=dict)  # OSO category → VERPLICHT/OPTIONEEL/OPT-UIT/VERBODEN
    categories: list = field(default_factory=list)  # the Overstap categories whose content went
    withheld: list = field(default_factory=list)


def kind_of(code: str) -> tuple[str, str] | None:
    return mapping_export.KINDS.get(code)


def export_handover(user, handover: Handover, *, request=None) -> Export:
    """The OSO dossier of this handover for this user, audited; ExportRefused when it cannot be handed out."""
    case = handover.case
    if not can(user, "oso_export", case):
        raise PermissionDenied
    if handover.sent_at is None or sent_handover(case) != handover:
        raise ExportRefused(_("Only a handover that was sent, to the current receiving school, can go as an OSO file."))
    kind = kind_of(case.code)
    if kind is None:
        raise ExportRefused(
            _("OSO has no dossier for the move %(code)s: only PO-PO, PO-VO, VO-VO and moves into SBO, SO, VSO or PrO.")
            % {"code": case.code}
        )
    if not gegevensset.available():
        raise ExportRefused(
            _(
                "The OSO file cannot be made: the OSO schema (gegevensset) is not installed on this server. "
                "Ask the application manager to install it."
            )
        )
    overstap, overdrachtsoort = kind
    # Downloading is reading, as with the PDF: the receiving school's first read records receipt and opening.
    if case.status in (Status.VERZONDEN, Status.ONTVANGEN) and can(user, "receive", case):
        open_handover(user, case, request=request)
    _handover, content, _frozen = content_for(case, user)
    dossier, delivered = mapping_export.build(
        case=case,
        content=content,
        pupil=case.pupil,
        sender=case.from_organisation,
        overstap=overstap,
        overdrachtsoort=overdrachtsoort,
        today=timezone.localdate(),
        labels={c.value: str(c.label) for c in Category},
    )
    breaches = mapping_export.breaches(dossier, overstap, overdrachtsoort)
    if breaches:
        raise ExportRefused(
            _("The OSO file is not handed out: it holds what this kind of dossier forbids (%(what)s).")
            % {"what": ", ".join(breaches)}
        )
    xml = mapping_export.serialise(dossier)
    errors = gegevensset.validation_errors(fromstring(xml))
    if errors:
        # Where the file fails, not why: the schema's reason quotes the value, which may be a name or a number.
        where = "; ".join(error.split(": ", 1)[0] for error in errors)
        logger.warning("OSO export of handover %s does not validate at %s", handover.pk, where)
        raise ExportRefused(
            _("The OSO file is not handed out: it does not agree with the OSO schema (%(error)s).")
            % {"error": errors[0]}
        )
    categories = shown(content)
    hidden = withheld(content)
    record(
        user,
        Action.EXPORT,
        case,
        request=request,
        legal_basis=read_basis(content, _frozen),
        detail={
            "format": "oso",
            "handover": handover.pk,
            "overstap": overstap,
            "overdrachtsoort": overdrachtsoort,
            "categories": categories,
            "oso_categories": sorted(c for c, value in delivered.items() if value in ("VERPLICHT", "OPTIONEEL")),
            **({"withheld": hidden} if hidden else {}),
        },
    )
    return Export(
        xml=xml,
        # No name of the pupil in the file name: it ends up in download folders and logs.
        filename=f"oso-{overstap}-{case.pk}.xml",
        overstap=overstap,
        overdrachtsoort=overdrachtsoort,
        delivered=delivered,
        categories=categories,
        withheld=hidden,
    )
