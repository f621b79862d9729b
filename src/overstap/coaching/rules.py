"""Who sees and works on the coaching of a move.

The overstapcoach sees the pupils and moves on their own caseload (identity, school career and the move; not the
dossier, which reaches the new school through the handover). The sending school's dossier owners, or the
samenwerkingsverband's consultant who follows the move, assign a coach; the coach writes the contact log and the
plan; the party that assigned the coach may stop the coaching.
"""

from django.db.models import Q

from overstap.accounts.roles import DOSSIER_OWNER_ROLES, Role
from overstap.authz.actor import Actor
from overstap.authz.policy import condition, rule
from overstap.transitions.models import Status as CaseStatus

from .models import OPEN_STATUSES, Coaching

# A coach can be assigned while the move is still under way.
ASSIGNABLE = [s for s in CaseStatus if s not in (CaseStatus.AFGEROND, CaseStatus.INGETROKKEN)]
ASSIGNING_ROLES = DOSSIER_OWNER_ROLES | {Role.SWV_CONSULENT}


def _own_open_coachings(actor: Actor):
    return Coaching.objects.filter(coach=actor.membership, status__in=OPEN_STATUSES)


@rule("transitions.TransitionCase", "list", "view")
def case_of_own_caseload(actor: Actor) -> Q | None:
    if actor.role == Role.OVERSTAPCOACH:
        return Q(pk__in=_own_open_coachings(actor).values("case_id"))
    return None


@rule("pupils.Pupil", "list", "view")
def pupil_of_own_caseload(actor: Actor) -> Q | None:
    if actor.role == Role.OVERSTAPCOACH:
        return Q(pk__in=_own_open_coachings(actor).values("case__pupil_id"))
    return None


@rule("transitions.TransitionCase", "assign_coach")
def case_assign_coach(actor: Actor) -> Q | None:
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(from_organisation=actor.organisation, status__in=ASSIGNABLE)
    if actor.role == Role.SWV_CONSULENT:
        followed = condition(actor, "transitions.TransitionCase", "view")
        return None if followed is None else followed & Q(status__in=ASSIGNABLE)
    return None


@rule("coaching.Coaching", "list", "view")
def coaching_view(actor: Actor) -> Q | None:
    if actor.role == Role.OVERSTAPCOACH:
        return Q(coach=actor.membership)
    if actor.role in DOSSIER_OWNER_ROLES:
        return (
            Q(case__from_organisation=actor.organisation)
            | Q(case__to_organisation=actor.organisation, status__in=OPEN_STATUSES)
            | Q(assigned_by_organisation=actor.organisation)
        )
    if actor.role == Role.SWV_CONSULENT:
        return Q(assigned_by_organisation=actor.organisation)
    return None


@rule("coaching.Coaching", "coach")
def coaching_coach(actor: Actor) -> Q | None:
    # Only the coach keeps the log and the plan, while the coaching is open.
    if actor.role == Role.OVERSTAPCOACH:
        return Q(coach=actor.membership, status__in=OPEN_STATUSES)
    return None


@rule("coaching.Coaching", "stop")
def coaching_stop(actor: Actor) -> Q | None:
    if actor.role in ASSIGNING_ROLES:
        return Q(assigned_by_organisation=actor.organisation, status__in=OPEN_STATUSES)
    return None
