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
from overstap.organisations.models import OrganisationType

from .conditions import applies
from .events import case_changed
from .models import (
    ChecklistItem,
    ChecklistOrigin,
    Handover,
    NotificationKind,
    ProtocolItem,
    Status,
    TransitionCase,
)

S = Status
EXITS = {S.GEEN_PLEK, S.NO_SHOW, S.UITGEVALLEN, S.THUISZITTER, S.INGETROKKEN}
ALLOWED: dict[str, set[str]] = {
    S.VOORBEREIDING: {S.AANGEMELD, S.GEEN_PLEK, S.INGETROKKEN},
    S.AANGEMELD: {S.INZAGE_OUDERS, S.GEEN_PLEK, S.INGETROKKEN},
    S.INZAGE_OUDERS: {S.VERZONDEN, S.GEEN_PLEK, S.INGETROKKEN},
    S.VERZONDEN: {S.ONTVANGEN, S.GEEN_PLEK, S.INGETROKKEN},
    S.ONTVANGEN: {S.GEOPEND},
    S.GEOPEND: {S.WARME_OVERDRACHT, S.GEPLAATST, S.GEEN_PLEK},
    S.WARME_OVERDRACHT: {S.GEPLAATST, S.GEEN_PLEK},
    S.GEPLAATST: {S.GESTART, S.NO_SHOW},
    S.GESTART: {S.NAZORG, S.AFGEROND, S.UITGEVALLEN},
    S.NAZORG: {S.AFGEROND, S.UITGEVALLEN},
    S.AFGEROND: set(),
    S.GEEN_PLEK: {S.AANGEMELD, S.THUISZITTER, S.INGETROKKEN},
    S.NO_SHOW: {S.THUISZITTER, S.AFGEROND},
    S.UITGEVALLEN: {S.THUISZITTER, S.AFGEROND},
    S.THUISZITTER: {S.AFGEROND},
    S.INGETROKKEN: set(),
}
# Who takes which step: the sending school prepares and sends, the receiving school receives, places and starts.
# "No place" and "at home" can be said by either side; a step back to "registered" after "no place" is the
# sender's, once it has chosen another school.
SENDER_STEPS = {S.AANGEMELD, S.INZAGE_OUDERS, S.VERZONDEN, S.INGETROKKEN, S.GEEN_PLEK, S.THUISZITTER, S.AFGEROND}
RECEIVER_STEPS = {
    S.ONTVANGEN,
    S.GEOPEND,
    S.WARME_OVERDRACHT,
    S.GEPLAATST,
    S.GESTART,
    S.NAZORG,
    S.AFGEROND,
    S.NO_SHOW,
    S.UITGEVALLEN,
    S.GEEN_PLEK,
    S.THUISZITTER,
}
# Steps that cannot be undone: what was sent cannot be called back, an enrolment that ended stays ended, and the
# exits and the close are said for good. Each is confirmed on a page of its own before it is taken.
CONFIRMED_STEPS = {S.VERZONDEN, S.GESTART, S.AFGEROND, *EXITS}
# The step the application takes itself when the receiver first reads the handover (opening is proven by reading).
AUTOMATIC_STEPS = {S.GEOPEND}
# A placement in special education or PrO needs the admission statement (TLV) of the samenwerkingsverband, for the
# kind of school the pupil goes to, whatever the transition is called (a move from SO to VSO is "PO-VO", and so is
# a move from primary school to PrO, which needs a TLV PrO since 2016).
TLV_FOR_TYPE = {
    OrganisationType.SBO: "tlv_sbo",
    OrganisationType.SO: "tlv_so",
    OrganisationType.VSO: "tlv_vso",
    OrganisationType.PRO: "tlv_pro",
}


class CaseConflict(Exception):
    """Someone else changed the case after this person opened it (its version moved on). Nothing was changed."""

    def __init__(self, current: TransitionCase):
        self.current = current
        super().__init__("case conflict")


def check_version(current: TransitionCase, expected_version: int | None) -> None:
    """Under the row lock: refuses a change made on top of a version that is no longer the newest. ``None`` is for
    the steps nobody chose on a page (the receipt and first opening recorded when the handover is read)."""
    if expected_version is not None and current.version != expected_version:
        raise CaseConflict(current)


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


def _protocol_items(from_organisation, code: str):
    """The active items of the regional protocols the sending organisation falls under, for this transition."""
    # A region has a handful of items, so the transition codes are matched here rather than in a JSON query.
    items = ProtocolItem.objects.filter(region__in=from_organisation.regions.values("pk"), active=True)
    return [item for item in items if code in item.transitions]


def open_case(
    user,
    pupil,
    to_organisation,
    *,
    code: str = "",
    override_reason: str = "",
    planned_on=None,
    programme: str = "",
    request=None,
) -> TransitionCase:
    """Opens an overstap from the pupil's current school. The matrix code follows from the two organisation types;
    another code needs a reason. The checklist is the matrix items of that transition plus the regional protocol,
    each marked as applying, not applying or for the school to judge."""
    actor = actor_for(user)
    if not can(user, "open_transition", pupil):
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
            programme=programme,
            created_by_name=str(user),
        )
        for item in transition.items:
            source = matrix.source(item.source)
            ChecklistItem.objects.create(
                case=case,
                key=item.key,
                text=item.text.nl,
                required=item.required,
                condition=item.when.nl if item.when else "",
                legal_basis=item.legal_basis,
                source=str(source.name.nl) if source else item.source,
                applies=applies(case, item.required, list(item.applies_if)),
            )
        for extra in _protocol_items(from_organisation, chosen):
            ChecklistItem.objects.create(
                case=case,
                key=f"protocol-{extra.pk}",
                text=extra.text,
                required=extra.required,
                condition=extra.condition,
                legal_basis="protocol",
                source=extra.source,
                origin=ChecklistOrigin.PROTOCOL,
                applies=True if extra.required else None,
                due_on=extra.due_on,
            )
        record(user, Action.CREATE, case, request=request, detail={"code": chosen})
    return case


def refresh_conditions(case: TransitionCase) -> None:
    """Works out again which matrix items apply, e.g. after another receiving school was chosen."""
    items = {item.key: item for item in get_matrix().transition(case.code).items}
    for checklist_item in case.checklist.filter(origin=ChecklistOrigin.MATRIX):
        item = items.get(checklist_item.key)
        if item is not None:
            new = applies(case, item.required, list(item.applies_if))
            if new != checklist_item.applies:
                checklist_item.applies = new
                checklist_item.save(update_fields=["applies"])


def missing_for(case: TransitionCase, new_status: str) -> list[str]:
    """What is missing before the case may go to this status, in plain Dutch; empty when nothing is."""
    from overstap.support.models import Kind
    from overstap.support.selectors import valid_tlv

    from .handover import handover_or_blank, missing_before_sending

    missing = []
    if new_status in (S.AANGEMELD, S.GEPLAATST) and case.to_organisation is None:
        missing.append(_("the receiving school (the pupil has no place yet)"))
    if new_status == S.AANGEMELD and case.to_organisation is not None:
        handover = Handover.objects.filter(case=case, recipient=case.to_organisation).first()
        if handover is not None and handover.sent_at is not None:
            missing.append(
                _("a new transition: the handover to %(school)s was sent already; withdraw this one and start anew")
                % {"school": case.to_organisation}
            )
    if new_status == S.INZAGE_OUDERS:
        handover = handover_or_blank(case)
        if handover is not None and not handover.categories:
            missing.append(_("the categories that go with the handover"))
    if new_status == S.VERZONDEN:
        if case.status != S.INZAGE_OUDERS:
            missing.append(_("the parents' inspection of the school report before it is sent"))
        missing.extend(missing_before_sending(case))
    if new_status == S.GEPLAATST and case.to_organisation is not None and case.to_organisation.type in TLV_FOR_TYPE:
        kind = TLV_FOR_TYPE[case.to_organisation.type]
        day = case.planned_on or timezone.localdate()
        if valid_tlv(case.pupil, kind, day) is None:
            missing.append(_("a valid %(tlv)s on %(day)s") % {"tlv": Kind(kind).label, "day": day.strftime("%d-%m-%Y")})
    return missing


def may_take(user, case: TransitionCase, new_status: str) -> bool:
    """Whether this user is on the side that takes this step (the map and requirements are checked apart)."""
    if new_status in SENDER_STEPS and can(user, "change", case):
        return True
    return new_status in RECEIVER_STEPS and new_status not in AUTOMATIC_STEPS and can(user, "receive", case)


def change_status(
    user,
    case: TransitionCase,
    new_status: str,
    *,
    expected_version: int | None = None,
    request=None,
    automatic: bool = False,
) -> TransitionCase:
    """The one place a transition case changes status: the map decides what may follow, the requirements what is
    missing, the side who may take the step; the audit event is written in the same transaction, together with
    what the step brings about (freezing and announcing the handover, receipt, opening, the new enrolment).

    ``expected_version`` is the case's version the person saw: when someone changed the case since, nothing
    changes and ``CaseConflict`` is raised."""
    if new_status not in Status.values:
        raise ValidationError({"status": _("Status: choose one of the next steps shown.")})
    allowed_side = may_take(user, case, new_status) or (
        automatic and new_status in (S.ONTVANGEN, S.GEOPEND) and can(user, "receive", case)
    )
    if not allowed_side:
        if can(user, "view", case):
            raise ValidationError({"status": _("Status: this step is taken by the other school.")})
        raise PermissionDenied
    with transaction.atomic():
        current = TransitionCase.objects.select_for_update().select_related("pupil").get(pk=case.pk)
        check_version(current, expected_version)
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
        current.version += 1
        current.save(update_fields=["status", "version"])
        _bring_about(user, current, new_status)
        record(user, Action.STATUS_CHANGE, current, request=request, detail={"from": old, "to": new_status})
        # The apps above hear of it in this transaction (the signal engine raises and closes signals at once).
        case_changed.send(sender=TransitionCase, case=current)
    return current


def _bring_about(user, case: TransitionCase, new_status: str) -> None:
    from overstap.pupils.models import Enrolment

    from .handover import build_content, ensure_handover
    from .notifications import notify

    now = timezone.now()
    if new_status == S.VERZONDEN:
        handover = Handover.objects.select_for_update().get(pk=ensure_handover(case).pk)
        handover.content = build_content(case, handover)
        handover.sent_at = now
        handover.sent_by_name = str(user)
        handover.save()
        notify(case.to_organisation, case, NotificationKind.HANDOVER_SENT)
    elif new_status == S.ONTVANGEN:
        Handover.objects.filter(case=case, recipient=case.to_organisation, received_at__isnull=True).update(
            received_at=now, received_by_name=str(user)
        )
    elif new_status == S.GEOPEND:
        Handover.objects.filter(case=case, recipient=case.to_organisation, opened_at__isnull=True).update(
            opened_at=now, opened_by_name=str(user)
        )
    elif new_status == S.GESTART:
        start = min(case.planned_on or timezone.localdate(), timezone.localdate())
        # The old place ends the day before the new one starts (never before it began); the school career stays
        # one timeline.
        for old in Enrolment.objects.filter(
            pupil=case.pupil, organisation=case.from_organisation, end_date__isnull=True
        ):
            old.end_date = max(start - datetime.timedelta(days=1), old.start_date)
            old.save(update_fields=["end_date"])
        already = Enrolment.objects.filter(pupil=case.pupil, organisation=case.to_organisation, end_date__isnull=True)
        if not already.exists():
            Enrolment.objects.create(
                pupil=case.pupil, organisation=case.to_organisation, start_date=start, programme=case.programme
            )


def open_handover(user, case: TransitionCase, *, request=None) -> None:
    """The receiving school reads the handover: the first time, receipt and first opening are recorded. Two first
    reads at once (two tabs, the page and the PDF) record it once: the status is read again under a lock."""
    with transaction.atomic():
        current = TransitionCase.objects.select_for_update().get(pk=case.pk)
        if current.status == S.VERZONDEN:
            current = change_status(user, current, S.ONTVANGEN, request=request, automatic=True)
        if current.status == S.ONTVANGEN:
            change_status(user, current, S.GEOPEND, request=request, automatic=True)
