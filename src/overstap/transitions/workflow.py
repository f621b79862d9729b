"""The one workflow of a transition case: which status may follow which, and what each step requires.

A step whose requirements are not met is refused with a Dutch message that lists exactly what is missing.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can
from overstap.matrix.loader import get_matrix

from .models import ChecklistItem, Status, TransitionCase

S = Status
EXITS = {S.GEEN_PLEK, S.NO_SHOW, S.UITGEVALLEN, S.THUISZITTER, S.INGETROKKEN}
ALLOWED: dict[str, set[str]] = {
    S.VOORBEREIDING: {S.AANGEMELD, S.GEEN_PLEK, S.INGETROKKEN},
    S.AANGEMELD: {S.INZAGE_OUDERS, S.GEEN_PLEK, S.INGETROKKEN},
    S.INZAGE_OUDERS: {S.VERZONDEN, S.INGETROKKEN},
    S.VERZONDEN: {S.ONTVANGEN, S.INGETROKKEN},
    S.ONTVANGEN: {S.GEOPEND},
    S.GEOPEND: {S.WARME_OVERDRACHT, S.GEPLAATST},
    S.WARME_OVERDRACHT: {S.GEPLAATST},
    S.GEPLAATST: {S.GESTART, S.NO_SHOW},
    S.GESTART: {S.NAZORG, S.AFGEROND, S.UITGEVALLEN},
    S.NAZORG: {S.AFGEROND, S.UITGEVALLEN},
    S.AFGEROND: set(),
    S.GEEN_PLEK: {S.AANGEMELD, S.THUISZITTER},
    S.NO_SHOW: {S.THUISZITTER, S.AANGEMELD},
    S.UITGEVALLEN: {S.THUISZITTER, S.AANGEMELD},
    S.THUISZITTER: {S.AANGEMELD},
    S.INGETROKKEN: set(),
}
# A placement in special education or PrO needs the admission statement of the samenwerkingsverband.
TLV_NEEDED = {"PO-SBO": "tlv_sbo", "PO-SO": "tlv_so", "VO-VSO": "tlv_vso", "VO-PRO": "tlv_pro"}


def derive_code(from_organisation, to_organisation) -> str | None:
    """The matrix transition for a move between two organisation types (None: no single transition fits)."""
    if to_organisation is None:
        return None
    from_stage, to_stage = from_organisation.stage, to_organisation.stage
    matches = [t.code for t in get_matrix().transitions if from_stage in t.from_stages and to_stage in t.to_stages]
    return matches[0] if matches else None


def _school_year(day: datetime.date) -> str:
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{start + 1}"


def open_case(
    user, pupil, to_organisation, *, code: str = "", override_reason: str = "", planned_on=None, request=None
) -> TransitionCase:
    """Opens an overstap from the pupil's current school. The matrix code follows from the two organisation types;
    another code needs a reason. The checklist is copied from the matrix items of that transition."""
    actor = actor_for(user)
    if not can(user, "request_support", pupil):  # the school's dossier owners prepare a transition
        raise PermissionDenied
    from_organisation = actor.organisation
    derived = derive_code(from_organisation, to_organisation) if to_organisation is not None else None
    errors = {}
    if code and derived and code != derived and not override_reason.strip():
        errors["code"] = _("Transition: give a reason when you choose another transition than %(derived)s.") % {
            "derived": derived or "—"
        }
    chosen = code or derived
    if chosen is None:
        errors["code"] = _("Transition: choose the transition; it cannot be derived from the two organisations.")
    if errors:
        raise ValidationError(errors)
    matrix = get_matrix()
    transition = matrix.transition(chosen)
    with transaction.atomic():
        case = TransitionCase.objects.create(
            pupil=pupil,
            from_organisation=from_organisation,
            to_organisation=to_organisation,
            code=chosen,
            code_override_reason=override_reason.strip() if code and derived and code != derived else "",
            school_year=_school_year(planned_on or timezone.localdate()),
            planned_on=planned_on,
            created_by_name=str(user),
        )
        for item in transition.items:
            ChecklistItem.objects.create(
                case=case,
                key=item.key,
                text=item.text.nl,
                required=item.required,
                condition=item.when.nl if item.when else "",
                legal_basis=item.legal_basis,
                source=str(matrix.source(item.source).name.nl) if matrix.source(item.source) else item.source,
            )
        record(user, Action.CREATE, case, request=request, detail={"code": chosen})
    return case


def missing_for(case: TransitionCase, new_status: str) -> list[str]:
    """What is missing before the case may go to this status, in plain Dutch; empty when nothing is."""
    from overstap.dossiers.support import valid_tlv

    missing = []
    if new_status in (S.AANGEMELD, S.GEPLAATST) and case.to_organisation is None:
        missing.append(_("the receiving school (the pupil has no place yet)"))
    if new_status == S.VERZONDEN and case.status != S.INZAGE_OUDERS:
        missing.append(_("the parents' inspection of the school report before it is sent"))
    if new_status == S.GEPLAATST and case.code in TLV_NEEDED:
        kind = TLV_NEEDED[case.code]
        day = case.planned_on or timezone.localdate()
        if valid_tlv(case.pupil, kind, day) is None:
            from overstap.dossiers.support import Kind

            missing.append(_("a valid %(tlv)s on %(day)s") % {"tlv": Kind(kind).label, "day": day.strftime("%d-%m-%Y")})
    return missing


def change_status(user, case: TransitionCase, new_status: str, *, request=None) -> TransitionCase:
    """The one place a transition case changes status: the map decides what may follow, the requirements what is
    missing, and the audit event is written in the same transaction."""
    if not can(user, "change", case):
        raise PermissionDenied
    with transaction.atomic():
        current = TransitionCase.objects.select_for_update().get(pk=case.pk)
        if new_status not in ALLOWED.get(current.status, set()):
            raise ValidationError(
                {
                    "status": _("Status: from “%(old)s” the transition cannot go to “%(new)s”.")
                    % {"old": current.get_status_display(), "new": Status(new_status).label}
                }
            )
        missing = missing_for(current, new_status)
        if missing:
            raise ValidationError(
                {"status": _("Not possible yet. Missing: %(missing)s.") % {"missing": "; ".join(missing)}}
            )
        old = current.status
        current.status = new_status
        current.save(update_fields=["status"])
        record(user, Action.STATUS_CHANGE, current, request=request, detail={"from": old, "to": new_status})
    return current
