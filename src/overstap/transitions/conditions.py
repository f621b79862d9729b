"""Machine-readable conditions of checklist items (``applies_if`` in the matrix data), evaluated for one pupil.

Each condition answers True or False from the dossier; an item holds when any of its conditions does. An item
that only has a "when" text is left to the school's judgement (None).
"""

from collections.abc import Callable

from django.db.models import Q
from django.utils import timezone

from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Programme

PRO_VSO = {OrganisationType.PRO, OrganisationType.VSO}


def _opp(case) -> bool:
    return case.pupil.opps.exists()


def _lwoo(case) -> bool:
    from overstap.support.models import Kind
    from overstap.support.selectors import granted_decisions

    if case.programme == Programme.LWOO:
        return True
    enrolment = case.pupil.current_enrolment()
    if enrolment is not None and enrolment.programme == Programme.LWOO:
        return True
    return granted_decisions(case.pupil, kind=Kind.LWOO).exists()


def _extra_support(case) -> bool:
    from overstap.dossiers.models import Entry
    from overstap.support.selectors import granted_decisions

    pupil = case.pupil
    if pupil.opps.exists() or pupil.integral_plans.exists():
        return True
    if granted_decisions(pupil).exists():
        return True
    today = timezone.localdate()
    return (
        Entry.objects.filter(pupil=pupil, category="geboden_ondersteuning", closed_at__isnull=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .exists()
    )


def _pro_vso(case) -> bool:
    types = {case.from_organisation.type, case.to_organisation.type if case.to_organisation else None}
    return bool(types & PRO_VSO)


def _youth_care(case) -> bool:
    today = timezone.localdate()
    return case.pupil.youth_care.filter(Q(end_on__isnull=True) | Q(end_on__gte=today)).exists()


def _special_destination(case) -> bool:
    return case.to_organisation is not None and case.to_organisation.type in (OrganisationType.SBO, OrganisationType.SO)


def _age_16(case) -> bool:
    return case.pupil.age_on(case.planned_on or timezone.localdate()) >= 16


CONDITIONS: dict[str, Callable] = {
    "extra_support": _extra_support,
    "opp": _opp,
    "lwoo": _lwoo,
    "pro_vso": _pro_vso,
    "youth_care": _youth_care,
    "special_destination": _special_destination,
    "age_16": _age_16,
}


def applies(case, required: bool, applies_if: list[str]) -> bool | None:
    """Whether an item applies to this case: always when required, by its conditions when it has them, and
    otherwise for the school to judge (None)."""
    if required:
        return True
    if not applies_if:
        return None
    return any(CONDITIONS[name](case) for name in applies_if)
