"""Who sees and works on a transition case, its handover, meetings, feedback, notifications and the region's
protocol.

Which statuses another party sees a case in: the receiving school knows of the case once the pupil is registered
there, reads the handover once it is sent and works with it from the first opening (the groups are named in
``statuses.py``). What a school is still preparing stays with that school.
"""

from django.db.models import Q

from overstap.accounts.roles import ATTENDANCE_ROLES, DOSSIER_OWNER_ROLES, Role
from overstap.authz.actor import Actor
from overstap.authz.policy import rule
from overstap.consent.services import AGE_OF_CONSENT
from overstap.organisations.models import Organisation
from overstap.pupils.models import FamilyLink, Relation
from overstap.pupils.scopes import (
    acting_as_family,
    attendance_pupils,
    birthday_cutoff,
    current_pupils,
    family_dossier,
    family_pupils,
    inzage_pupils,
)

from . import statuses
from .handover import SELECTION_OPEN
from .models import ConsentAskStatus, Handover, MeetingKind, Status, TransitionCase

FOLLOWING_ROLES = DOSSIER_OWNER_ROLES | {Role.SWV_CONSULENT}
# The statuses in which a pupil may be without education: what leerplicht and RMC act on.
WITHOUT_PLACE = (Status.GEEN_PLEK, Status.NO_SHOW, Status.THUISZITTER)


def _swv_regions(actor: Actor):
    return actor.organisation.regions.values("pk")


def _region_organisations(actor: Actor):
    """The organisations in the regions of the actor's samenwerkingsverband (a subquery, so lists stay distinct)."""
    return Organisation.objects.filter(regions__in=_swv_regions(actor)).values("pk")


@rule("pupils.Pupil", "open_transition")
def pupil_open_transition(actor: Actor) -> Q | None:
    # The dossier owners of the pupil's current school prepare a move.
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(pk__in=current_pupils(actor.organisation))
    return None


@rule("transitions.TransitionCase", "list", "view")
def transition_case_view(actor: Actor) -> Q | None:
    if acting_as_family(actor):
        return Q(pupil__in=family_dossier(actor), status__in=statuses.FOLLOWED)
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(from_organisation=actor.organisation) | Q(
            to_organisation=actor.organisation, status__in=statuses.REGISTERED_ON
        )
    if actor.role == Role.MENTOR:
        return Q(to_organisation=actor.organisation, status__in=statuses.OPENED_ON)
    if actor.role == Role.SWV_CONSULENT:
        # The consultant follows the region's transitions once a pupil is registered somewhere or has no place
        # (the Overstaptafel, signals).
        in_region = Q(from_organisation__in=_region_organisations(actor)) | Q(
            to_organisation__in=_region_organisations(actor)
        )
        return in_region & Q(status__in=statuses.FOLLOWED)
    if actor.role in ATTENDANCE_ROLES:
        # Leerplicht (under 18) and the RMC (18 up to 23) see the moves of the pupils they follow that may have left
        # a pupil without a school: only these statuses; the page shows them registration and place, never support.
        return Q(pupil__in=attendance_pupils(actor), status__in=WITHOUT_PLACE)
    return None


@rule("transitions.TransitionCase", "view_general")
def transition_case_view_general(actor: Actor) -> Q | None:
    # That a move is happening and to which school: general information about the child, which a parent without
    # parental authority may have as well (art. 1:377c BW), from the same moment the rest of the family follows
    # the move. Never the case page, the handover or a decision: those stay with "view" and "read_handover".
    if acting_as_family(actor):
        return Q(pupil__in=family_pupils(actor), status__in=statuses.FOLLOWED)
    return None


@rule("transitions.TransitionCase", "change")
def transition_case_change(actor: Actor) -> Q | None:
    # The sending school prepares, registers, releases and sends.
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(from_organisation=actor.organisation)
    return None


@rule("transitions.TransitionCase", "receive", "feedback")
def transition_case_receive(actor: Actor) -> Q | None:
    # The receiving school confirms receipt, opens, places and starts, and tells the sender how it went.
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(to_organisation=actor.organisation, status__in=statuses.SENT_ON)
    return None


@rule("transitions.TransitionCase", "read_handover")
def transition_handover_read(actor: Actor) -> Q | None:
    # The content of the handover: the sender (also as a preview), the receiver once it is sent, and the family
    # from their inspection on. Mentors get the one-page summary instead.
    if acting_as_family(actor):
        return Q(pupil__in=family_dossier(actor), status__in=statuses.INSPECTION_ON)
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(from_organisation=actor.organisation) | Q(
            to_organisation=actor.organisation, status__in=statuses.SENT_ON
        )
    return None


@rule("transitions.TransitionCase", "give_view")
def transition_give_view(actor: Actor) -> Q | None:
    # The parents (legal representatives), and the pupil from 16, say they read the report and give their view
    # while it waits for them; a younger pupil reads it (read_handover) and the parents answer.
    if acting_as_family(actor):
        return Q(pupil__in=inzage_pupils(actor), status=Status.INZAGE_OUDERS)
    return None


@rule("transitions.TransitionCase", "meet")
def transition_meet(actor: Actor) -> Q | None:
    # Both schools plan and record meetings once the pupil is registered at the new school.
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(from_organisation=actor.organisation) | Q(
            to_organisation=actor.organisation, status__in=statuses.REGISTERED_ON
        )
    return None


@rule("transitions.TransitionCase", "mentor")
def transition_mentor(actor: Actor) -> Q | None:
    # The one-page handover for the new mentor: the receiving school's owners write it, its mentors read it.
    if actor.role in (*DOSSIER_OWNER_ROLES, Role.MENTOR):
        return Q(to_organisation=actor.organisation, status__in=statuses.OPENED_ON)
    return None


@rule("transitions.TransitionCase", "write_mentor_note")
def transition_mentor_note(actor: Actor) -> Q | None:
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(to_organisation=actor.organisation, status__in=statuses.OPENED_ON)
    return None


@rule("transitions.Meeting", "list", "view")
def meeting_view(actor: Actor) -> Q | None:
    # The organiser's dossier owners always; the other school once the handover is sent; the family for meetings
    # they take part in. Notes of an MDO/ZAT (a consent category) stay with the organiser. The consultant sees
    # the Overstaptafel, which the samenwerkingsverband chairs.
    if acting_as_family(actor):
        return Q(case__pupil__in=family_dossier(actor), case__status__in=statuses.FOLLOWED) & ~Q(
            kind=MeetingKind.MDO_ZAT
        )
    if actor.role in DOSSIER_OWNER_ROLES:
        parties = TransitionCase.objects.filter(
            Q(from_organisation=actor.organisation, status__in=statuses.SENT_ON)
            | Q(to_organisation=actor.organisation, status__in=statuses.SENT_ON)
        ).values("pk")
        return Q(organiser=actor.organisation) | (Q(case__in=parties) & ~Q(kind=MeetingKind.MDO_ZAT))
    if actor.role == Role.SWV_CONSULENT:
        cases = TransitionCase.objects.filter(transition_case_view(actor)).values("pk")
        return Q(kind=MeetingKind.OVERSTAPTAFEL, case__in=cases)
    return None


@rule("transitions.Feedback", "list", "view")
def feedback_view(actor: Actor) -> Q | None:
    # The sender sees what came back, the receiver what it gave; the consultant sees the region's figures.
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(case__from_organisation=actor.organisation) | Q(organisation=actor.organisation)
    if actor.role == Role.SWV_CONSULENT:
        return Q(case__from_organisation__in=_region_organisations(actor))
    return None


@rule("transitions.Notification", "list", "view")
def notification_view(actor: Actor) -> Q | None:
    if actor.role in FOLLOWING_ROLES:
        return Q(organisation=actor.organisation)
    return None


@rule("transitions.ProtocolItem", "list", "view")
def protocol_view(actor: Actor) -> Q | None:
    # Everyone working in a region reads its protocol.
    if actor.membership is None:
        return None
    return Q(region__in=_swv_regions(actor))


@rule("transitions.ProtocolItem", "manage")
def protocol_manage(actor: Actor) -> Q | None:
    # The samenwerkingsverband sets its region's protocol.
    if actor.role == Role.SWV_CONSULENT:
        return Q(region__in=_swv_regions(actor))
    return None


@rule("organisations.Region", "manage_protocol")
def region_protocol(actor: Actor) -> Q | None:
    # The regions whose protocol this actor may add to: the same answer as "manage" above, asked of the region.
    if actor.role == Role.SWV_CONSULENT:
        return Q(pk__in=_swv_regions(actor))
    return None


# --- Plans carried on across the seam (carry_on.py, ADR 0013) -------------------------------------------------


def _received_pupils(actor: Actor):
    """The pupils whose handover the actor's organisation received, while the pupil is coming or came."""
    return Handover.objects.filter(
        recipient=actor.organisation, received_at__isnull=False, case__status__in=statuses.RECEIVED_ON
    ).values("case__pupil_id")


@rule("pupils.Pupil", "write_plans", "view_plans")
def pupil_plans_after_receipt(actor: Actor) -> Q | None:
    # The receiving school's dossier owners start their own plans from the handover before the pupil is enrolled
    # there (the enrolment begins at the start); once enrolled, the dossier's own rule applies as well.
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(pk__in=_received_pupils(actor))
    return None


@rule("dossiers.Opp", "list", "view", "change")
@rule("dossiers.IntegralPlan", "list", "view", "change")
def plans_after_receipt(actor: Actor) -> Q | None:
    # Only the receiving school's own plans: what the sender wrote stays the sender's and arrives as the frozen copy.
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(pupil__in=_received_pupils(actor), organisation=actor.organisation)
    return None


# --- Consent asked in the context of a move (consent_asks.py) -----------------------------------------------------


@rule("transitions.ConsentAsk", "list", "view")
def consent_ask_view(actor: Actor) -> Q | None:
    # The family reads the questions about their child (the one who decides answers them); the sending school sees
    # what it asked and the answer.
    if acting_as_family(actor):
        return Q(case__pupil__in=family_dossier(actor))
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(case__from_organisation=actor.organisation)
    return None


@rule("transitions.ConsentAsk", "answer")
def consent_ask_answer(actor: Actor) -> Q | None:
    # Under 16 a legal representative answers, from 16 the pupil; only while the question is open and the school
    # may still change what goes (the handover has not been sent).
    if not acting_as_family(actor):
        return None
    cutoff = birthday_cutoff(AGE_OF_CONSENT)
    links = FamilyLink.objects.filter(user=actor.user)
    representing = (
        links.filter(legal_representative=True, pupil__birth_date__gt=cutoff)
        .exclude(relation=Relation.PUPIL)  # a child never represents themselves
        .values("pupil_id")
    )
    themselves = links.filter(relation=Relation.PUPIL, pupil__birth_date__lte=cutoff).values("pupil_id")
    return Q(status=ConsentAskStatus.OPEN, case__status__in=SELECTION_OPEN) & (
        Q(case__pupil__in=representing) | Q(case__pupil__in=themselves)
    )
