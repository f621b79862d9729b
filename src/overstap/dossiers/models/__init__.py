"""The dossier app's models: entries with their history, the support plans and youth care.

Only models and their choices live here; writes are in ``services``, ``plan_services`` and ``youthcare_services``,
reads that pages share in ``selectors``.
"""

from .corrections import ANSWER_WITHIN, ANSWERED, CorrectionEvent, CorrectionKind, CorrectionRequest, CorrectionStatus
from .entries import (
    ENTRY_CATEGORIES,
    MBO_DOMAINS,
    PRESCHOOL_DOMAINS,
    SCHOOL_DOMAINS,
    Domain,
    Entry,
    EntryVersion,
    domains_for,
)
from .plans import ExitProfile, ForWhom, IntegralPlan, Opp, OppEvaluation, OppGoal, PlanAction, PlanVersion
from .youthcare import ADULT_CARE, CareDecision, CareTransition, CareType, YouthCare

__all__ = [
    "ADULT_CARE",
    "ANSWERED",
    "ANSWER_WITHIN",
    "ENTRY_CATEGORIES",
    "MBO_DOMAINS",
    "PRESCHOOL_DOMAINS",
    "SCHOOL_DOMAINS",
    "CareDecision",
    "CareTransition",
    "CareType",
    "CorrectionEvent",
    "CorrectionKind",
    "CorrectionRequest",
    "CorrectionStatus",
    "Domain",
    "Entry",
    "EntryVersion",
    "ExitProfile",
    "ForWhom",
    "IntegralPlan",
    "Opp",
    "OppEvaluation",
    "OppGoal",
    "PlanAction",
    "PlanVersion",
    "YouthCare",
    "domains_for",
]
