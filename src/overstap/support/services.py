"""Writes of the SWV route: a school asks, experts advise, the TLV committee decides. Every write checks the rule
set, validates with messages naming the field and records its audit event in the same transaction; status
changes go through ``workflow.change_status``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can
from overstap.organisations.models import PO_TYPES, VO_TYPES

from .models import (
    CATEGORY_KINDS,
    PO_KINDS,
    TLV_KINDS,
    VO_KINDS,
    ExpertAdvice,
    FundingCategory,
    Kind,
    Status,
    SupportRequest,
    SwvDecision,
)
from .selectors import swv_for
from .workflow import change_status

EXPERTS_FOR_TLV = 2
NUMBER_PREFIX = {Kind.LWOO: "LWOO", Kind.ARRANGEMENT: "ARR"}


def kinds_for(school) -> set[Kind]:
    """What a school of this type may ask for: PO and VO schools each their own kinds, others nothing."""
    if school.type in PO_TYPES:
        return PO_KINDS
    return VO_KINDS if school.type in VO_TYPES else set()


def request_support(user, pupil, kind: str, question: str, *, request=None) -> SupportRequest:
    actor = actor_for(user)
    if not can(user, "request_support", pupil):
        raise PermissionDenied
    school = actor.organisation
    errors = {}
    if kind not in kinds_for(school):
        errors["kind"] = _("Requested: this cannot be requested from a school of this type.")
    if not (question or "").strip():
        errors["question"] = _("Question: describe what the pupil needs and what the school already tried.")
    swv = swv_for(school)
    if swv is None:
        errors["kind"] = _("Requested: your school is not linked to a samenwerkingsverband region.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        support = SupportRequest.objects.create(
            pupil=pupil, school=school, swv=swv, kind=kind, question=question.strip(), requested_by_name=str(user)
        )
        record(user, Action.CREATE, support, request=request, legal_basis="taak_swv", detail={"kind": kind})
    return support


def withdraw(user, support: SupportRequest, *, request=None) -> SupportRequest:
    """The requesting school withdraws its request while the samenwerkingsverband has not yet decided."""
    if not can(user, "withdraw", support):
        raise PermissionDenied
    return change_status(user, support, Status.WITHDRAWN, request=request)


def give_advice(user, support: SupportRequest, advice: str, recommends: bool, *, request=None) -> ExpertAdvice:
    if not can(user, "advise", support):
        raise PermissionDenied
    if not (advice or "").strip():
        raise ValidationError({"advice": _("Advice: write your expert advice.")})
    if support.advices.filter(expert=user).exists():
        raise ValidationError({"advice": _("Advice: you already gave advice on this request.")})
    with transaction.atomic():
        given = ExpertAdvice.objects.create(
            request=support,
            expert=user,
            expert_name=str(user),
            expert_role=actor_for(user).role or "",
            advice=advice.strip(),
            recommends=recommends,
        )
        record(user, Action.CREATE, given, pupil_id=support.pupil_id, request=request, legal_basis="taak_swv")
        support.refresh_from_db(fields=["status"])
        if support.status == Status.SUBMITTED:
            change_status(user, support, Status.IN_PROGRESS, request=request)
    return given


def _next_number(kind: str, offset: int = 0) -> str:
    prefix = "TLV" if kind in TLV_KINDS else NUMBER_PREFIX[kind]
    year = timezone.localdate().year
    count = SwvDecision.objects.filter(number__startswith=f"{prefix}-{year}-").count() + 1 + offset
    return f"{prefix}-{year}-{count:05d}"


def decide(
    user,
    support: SupportRequest,
    *,
    granted: bool,
    motivation: str,
    start_date=None,
    end_date=None,
    funding_category: str = "",
    request=None,
) -> SwvDecision:
    if not can(user, "decide", support):
        raise PermissionDenied
    check_decision(
        support,
        granted=granted,
        motivation=motivation,
        start_date=start_date,
        end_date=end_date,
        funding_category=funding_category,
    )
    with transaction.atomic():
        decision = SwvDecision.objects.create(
            request=support,
            granted=granted,
            number=_next_number(support.kind),
            start_date=start_date if granted else None,
            end_date=end_date if granted else None,
            funding_category=funding_category if granted else "",
            motivation=motivation.strip(),
            decided_by_name=str(user),
        )
        change_status(
            user,
            support,
            Status.GRANTED if granted else Status.REFUSED,
            request=request,
            detail={"decision": decision.number},
        )
    return decision


def check_decision(support: SupportRequest, *, granted, motivation, start_date, end_date, funding_category) -> None:
    """What a decision needs, each problem naming its field; asked before the confirmation and again when the
    decision is taken."""
    errors = {}
    if not (motivation or "").strip():
        errors["motivation"] = _("Motivation: explain the decision in words the parents understand.")
    if granted:
        experts = support.advices.values("expert").distinct().count()
        if support.kind in TLV_KINDS and experts < EXPERTS_FOR_TLV:
            errors["granted"] = _("A TLV needs the advice of two experts; %(count)s given so far.") % {"count": experts}
        elif support.kind in TLV_KINDS and not support.advices.filter(expert_role="orthopedagoog").exists():
            errors["granted"] = _("A TLV needs the advice of an orthopedagoog or psychologist as one of the experts.")
        if support.kind in TLV_KINDS or support.kind == Kind.ARRANGEMENT:
            if not start_date:
                errors["start_date"] = _("From: give the start date.")
            if not end_date:
                errors["end_date"] = _("Until: give the end date.")
            elif start_date and end_date < start_date:
                errors["end_date"] = _("Until: lies before the start date.")
        if support.kind in CATEGORY_KINDS and funding_category not in FundingCategory.values:
            errors["funding_category"] = _("Funding category: choose low, middle or high.")
        if support.kind not in CATEGORY_KINDS and funding_category:
            errors["funding_category"] = _("Funding category: only a TLV for SO or VSO has one.")
    if errors:
        raise ValidationError(errors)
