"""Which pupils the tafel proposes: those with an open signal about their place (no place, registered but not
started, not placed on 1 October, at home, a TLV that ends around the move) and those on an overstapcoach's
caseload, for a move of the tafel's transition type in the tafel's region; only pupils the convener may see.

A signal about a move counts when the move has the tafel's transition type; a signal without a move (an exam-year
pupil not registered anywhere, a pupil whose enrolment ended) when the pupil is at a school of the transition's
first stage in the region.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from overstap.authz.policy import as_actor
from overstap.coaching.models import OPEN_STATUSES as OPEN_COACHING
from overstap.coaching.models import Coaching
from overstap.monitoring.models import NOT_HANDLED, Signal, SignalKind
from overstap.organisations.models import PO_TYPES, VO_TYPES, Organisation, OrganisationType
from overstap.pupils.scopes import current_enrolments

from .rules import visible_pupils

PROPOSING_KINDS = (
    SignalKind.GEEN_PLEK,
    SignalKind.NO_SHOW,
    SignalKind.NIET_GEPLAATST,
    SignalKind.THUISZITTER,
    SignalKind.TLV_OVERSTAP,
)
# The school types of each side of a transition code ("VO-MBO": from VO, PrO or VSO to an MBO).
STAGE_TYPES = {
    "VVE": {OrganisationType.VOORSCHOOL},
    "PO": set(PO_TYPES),
    "SBO": {OrganisationType.SBO},
    "SO": {OrganisationType.SO},
    "VO": set(VO_TYPES),
    "PRO": {OrganisationType.PRO},
    "VSO": {OrganisationType.VSO},
    "MBO": {OrganisationType.MBO},
    "HBO": {OrganisationType.HBO},
}


@dataclass
class Proposed:
    pupil_id: int
    source: str
    kinds: list[str] = field(default_factory=list)
    proposed_to_id: int | None = None


def _sides(code: str) -> tuple[set, set]:
    first, _sep, second = code.partition("-")
    return STAGE_TYPES.get(first, set()), STAGE_TYPES.get(second, set())


def proposal(user, tafel) -> list[Proposed]:
    """The pupils to propose, in the order found (signals first). Reads only what the convener may see."""
    actor = as_actor(user)
    from_types, to_types = _sides(tafel.transition)
    region = Organisation.objects.filter(regions=tafel.region).values("pk")
    at_first_stage = current_enrolments(organisation__type__in=from_types, organisation__in=region).values("pupil_id")
    signals = (
        Signal.objects.for_user(actor, "view")
        .filter(status__in=NOT_HANDLED, kind__in=PROPOSING_KINDS)
        .filter(
            Q(case__code=tafel.transition)
            & (Q(case__from_organisation__in=region) | Q(case__to_organisation__in=region))
            | Q(case__isnull=True, pupil__in=at_first_stage)
        )
        .select_related("case__to_organisation")
        .order_by("pk")
    )
    found: dict[int, Proposed] = {}
    for signal in signals:
        entry = found.setdefault(signal.pupil_id, Proposed(signal.pupil_id, "signaal"))
        if signal.kind not in entry.kinds:
            entry.kinds.append(signal.kind)
        case = signal.case
        known = entry.proposed_to_id is not None or case is None or not case.to_organisation_id
        if not known and case.to_organisation.type in to_types:
            entry.proposed_to_id = case.to_organisation_id
    coachings = (
        Coaching.objects.filter(status__in=OPEN_COACHING, case__code=tafel.transition)
        .filter(Q(case__from_organisation__in=region) | Q(case__to_organisation__in=region))
        .filter(case__pupil__in=visible_pupils(actor))
        .select_related("case__to_organisation")
        .order_by("pk")
    )
    for coaching in coachings:
        case = coaching.case
        entry = found.setdefault(case.pupil_id, Proposed(case.pupil_id, "coaching"))
        if entry.proposed_to_id is None and case.to_organisation_id and case.to_organisation.type in to_types:
            entry.proposed_to_id = case.to_organisation_id
    return list(found.values())
