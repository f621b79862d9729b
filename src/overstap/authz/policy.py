"""The one rule set: who may do what with which object.

Every list, search, count and export goes through ``Model.objects.for_user(user, action)``; every single object
through ``can(user, action, obj)``, which asks the same rule. A (model, action) pair that nobody mapped is denied.
Rules combine the actor's role, the organisation's relation to the pupil and, from the dossier on, the legal basis.
"""

import logging
from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from overstap.accounts.roles import DOSSIER_OWNER_ROLES, SCHOOL_ROLES, SWV_ROLES, Role
from overstap.transitions import statuses

from .actor import Actor, actor_for

logger = logging.getLogger(__name__)

Rule = Callable[[Actor], Q | None]
RULES: dict[tuple[str, str], Rule] = {}


def rule(model_label: str, *actions: str):
    def register(function: Rule) -> Rule:
        for action in actions:
            key = (model_label, action)
            if key in RULES:
                raise RuntimeError(f"Two rules for {key}")
            RULES[key] = function
        return function

    return register


def _current_enrolments(**filters):
    from overstap.pupils.models import Enrolment

    today = timezone.localdate()
    return Enrolment.objects.filter(start_date__lte=today, **filters).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


# Health, youth care and care-team notes: from 16 the pupil decides, so parents read these only for younger pupils.
SENSITIVE_CATEGORIES = ("gezondheid", "jeugdhulp", "zat_mdo")


def _birthday_cutoff(years: int):
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _family_pupils(actor: Actor, *, representatives_only: bool = False, sensitive: bool = False):
    """The pupils this family member may see: the pupil always sees themselves; parents and carers only while the
    pupil is under 18, for dossier content only as legal representative, and for sensitive content only under 16."""
    from overstap.pupils.models import FamilyLink, Relation

    others = ~Q(relation=Relation.PUPIL) & Q(pupil__birth_date__gt=_birthday_cutoff(18))
    if representatives_only:
        others &= Q(legal_representative=True)
    if sensitive:
        others &= Q(pupil__birth_date__gt=_birthday_cutoff(16))
    links = FamilyLink.objects.filter(user=actor.user).filter(Q(relation=Relation.PUPIL) | others)
    return links.values("pupil_id")


def _family_dossier(actor: Actor):
    return _family_pupils(actor, representatives_only=True)


# --- Pupils ---------------------------------------------------------------------------------------------------


@rule("pupils.Pupil", "list", "view")
def pupil_view(actor: Actor) -> Q | None:
    if actor.membership is None:
        return Q(pk__in=_family_pupils(actor)) if actor.is_authenticated else None
    if actor.role in SCHOOL_ROLES:
        return Q(pk__in=_current_enrolments(organisation=actor.organisation).values("pupil_id"))
    if actor.role in (Role.LEERPLICHT, Role.RMC):
        # Registration and place only; support content has its own actions, which these roles never get.
        return Q(municipality=actor.organisation)
    if actor.role in SWV_ROLES:
        # The samenwerkingsverband sees a pupil once a school has asked it for support (its legal task).
        return Q(pk__in=_support_requests(swv=actor.organisation).values("pupil_id"))
    return None


def _support_requests(**filters):
    from overstap.support.models import SupportRequest

    return SupportRequest.objects.filter(**filters)


@rule("pupils.Pupil", "view_audit")
def pupil_view_audit(actor: Actor) -> Q | None:
    if actor.membership is None:
        return Q(pk__in=_family_pupils(actor, representatives_only=True)) if actor.is_authenticated else None
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(pk__in=_current_enrolments(organisation=actor.organisation).values("pupil_id"))
    return None


@rule("pupils.Guardian", "list", "view")
def guardian_view(actor: Actor) -> Q | None:
    # Contact details of the family: the family itself and the current school's staff who work with the pupil.
    if actor.membership is None:
        return Q(pupil__in=_family_dossier(actor)) if actor.is_authenticated else None
    if actor.role in DOSSIER_READERS:
        return Q(pupil__in=_current_enrolments(organisation=actor.organisation).values("pupil_id"))
    return None


@rule("pupils.Enrolment", "list", "view")
def enrolment_view(actor: Actor) -> Q | None:
    pupils = pupil_view(actor)
    if pupils is None:
        return None
    from overstap.pupils.models import Pupil

    return Q(pupil__in=Pupil.objects.filter(pupils).values("pk"))


# --- Organisations and people ----------------------------------------------------------------------------------


@rule("organisations.Organisation", "list", "view")
def organisation_view(actor: Actor) -> Q | None:
    # The directory of organisations is open to every professional; families see none.
    return Q() if actor.membership is not None else None


@rule("organisations.Organisation", "manage")
def organisation_manage(actor: Actor) -> Q | None:
    # The application manager looks after their own organisation's details; never another's.
    if actor.role == Role.FUNCTIONEEL_BEHEERDER:
        return Q(pk=actor.organisation.pk)
    return None


@rule("accounts.Membership", "manage")
def membership_manage(actor: Actor) -> Q | None:
    if actor.role == Role.FUNCTIONEEL_BEHEERDER:
        return Q(organisation=actor.organisation)
    return None


@rule("accounts.Membership", "list", "view")
def membership_view(actor: Actor) -> Q | None:
    # Colleagues in the same organisation; the application manager of an organisation sees all its members.
    return Q(organisation=actor.organisation) if actor.membership is not None else None


# --- The dossier -----------------------------------------------------------------------------------------------

DOSSIER_READERS = DOSSIER_OWNER_ROLES | {Role.MENTOR, Role.DECAAN, Role.VOORSCHOOL_MEDEWERKER}


@rule("pupils.Pupil", "view_dossier", "write_dossier")
def pupil_dossier(actor: Actor) -> Q | None:
    # The pupil's current school (and pre-school) and the family. Never leerplicht/RMC: they have no dossier
    # access at all. Other organisations receive dossier content through a handover, not by looking.
    if actor.membership is None:
        return Q(pk__in=_family_dossier(actor)) if actor.is_authenticated else None
    if actor.role in DOSSIER_READERS:
        return Q(pk__in=_current_enrolments(organisation=actor.organisation).values("pupil_id"))
    return None


@rule("pupils.Pupil", "write_plans")
def pupil_write_plans(actor: Actor) -> Q | None:
    # OPP and plan of approach are written by the school's dossier owners.
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(pk__in=_current_enrolments(organisation=actor.organisation).values("pupil_id"))
    return None


@rule("dossiers.Opp", "list", "view")
@rule("dossiers.IntegralPlan", "list", "view")
def plan_view(actor: Actor) -> Q | None:
    # Like dossier entries: the family always, the current school for what it wrote itself.
    if actor.membership is None:
        return Q(pupil__in=_family_dossier(actor)) if actor.is_authenticated else None
    if actor.role in DOSSIER_READERS:
        current = _current_enrolments(organisation=actor.organisation).values("pupil_id")
        return Q(pupil__in=current, organisation=actor.organisation)
    return None


@rule("dossiers.YouthCare", "list", "view")
def youth_care_view(actor: Actor) -> Q | None:
    # Consent-based: the family (parents only under 16); a school only what it recorded itself and only while the
    # family's consent for youth-care information to that school stands: a withdrawal closes it at the next request.
    if actor.membership is None:
        if not actor.is_authenticated:
            return None
        return Q(pupil__in=_family_pupils(actor, representatives_only=True, sensitive=True))
    if actor.role in DOSSIER_OWNER_ROLES:
        from overstap.consent.models import Consent

        current = _current_enrolments(organisation=actor.organisation).values("pupil_id")
        consented = Consent.objects.filter(
            category="jeugdhulp", recipient=actor.organisation, withdrawn_at__isnull=True, given_at__lte=timezone.now()
        ).values("pupil_id")
        return Q(pupil__in=current, organisation=actor.organisation) & Q(pupil__in=consented)
    return None


@rule("dossiers.Entry", "list", "view")
def entry_view(actor: Actor) -> Q | None:
    # The family reads every entry about their child (inzage); from 16 health and youth-care entries are the
    # pupil's own. A school reads what its own organisation wrote about its current pupils, and the family's views;
    # earlier schools' entries arrive with a handover.
    if actor.membership is None:
        if not actor.is_authenticated:
            return None
        sensitive_ok = _family_pupils(actor, representatives_only=True, sensitive=True)
        return Q(pupil__in=_family_dossier(actor)) & (~Q(category__in=SENSITIVE_CATEGORIES) | Q(pupil__in=sensitive_ok))
    if actor.role in DOSSIER_READERS:
        current = _current_enrolments(organisation=actor.organisation).values("pupil_id")
        condition = Q(pupil__in=current) & (Q(organisation=actor.organisation) | Q(organisation__isnull=True))
        if actor.role not in DOSSIER_OWNER_ROLES:
            # Need to know: a mentor, decaan or pedagogical worker reads what they need to teach the pupil, not the
            # home situation, health or care-team notes (unless they wrote it themselves).
            condition &= ~Q(category__in=(*SENSITIVE_CATEGORIES, "thuissituatie")) | Q(author=actor.user)
        return condition
    return None


@rule("dossiers.Entry", "change")
def entry_change(actor: Actor) -> Q | None:
    if actor.membership is None:
        # A family member changes their own view only.
        return (
            Q(author=actor.user, category="zienswijze", pupil__in=_family_dossier(actor))
            if actor.is_authenticated
            else None
        )
    current = _current_enrolments(organisation=actor.organisation).values("pupil_id")
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(organisation=actor.organisation, pupil__in=current)
    if actor.role in DOSSIER_READERS:
        return Q(author=actor.user, organisation=actor.organisation, pupil__in=current)
    return None


# --- The SWV route --------------------------------------------------------------------------------------------


@rule("pupils.Pupil", "request_support")
def pupil_request_support(actor: Actor) -> Q | None:
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(pk__in=_current_enrolments(organisation=actor.organisation).values("pupil_id"))
    return None


@rule("support.SupportRequest", "list", "view")
def support_view(actor: Actor) -> Q | None:
    if actor.membership is None:
        return Q(pupil__in=_family_dossier(actor)) if actor.is_authenticated else None
    if actor.role in DOSSIER_OWNER_ROLES:
        # The requesting school, while the pupil is still there.
        current = _current_enrolments(organisation=actor.organisation).values("pupil_id")
        return Q(school=actor.organisation, pupil__in=current)
    if actor.role in SWV_ROLES:
        return Q(swv=actor.organisation)
    return None


@rule("support.SupportRequest", "advise")
def support_advise(actor: Actor) -> Q | None:
    if actor.role in (Role.ORTHOPEDAGOOG, Role.SWV_CONSULENT):
        return Q(swv=actor.organisation, status__in=["ingediend", "in_behandeling"])
    return None


@rule("support.SupportRequest", "decide")
def support_decide(actor: Actor) -> Q | None:
    if actor.role == Role.TLV_COMMISSIE:
        return Q(swv=actor.organisation, status="in_behandeling")
    return None


@rule("support.SupportRequest", "withdraw")
def support_withdraw(actor: Actor) -> Q | None:
    if actor.role in DOSSIER_OWNER_ROLES:
        current = _current_enrolments(organisation=actor.organisation).values("pupil_id")
        return Q(school=actor.organisation, pupil__in=current, status__in=["ingediend", "in_behandeling"])
    return None


# --- Transition cases -----------------------------------------------------------------------------------------


# Which statuses a party other than the sending school sees a case in: the receiving school knows of the case once
# the pupil is registered there, reads the handover once it is sent and works with it from the first opening.
# (The groups are named in overstap.transitions.statuses.)


def _swv_regions(actor: Actor):
    return actor.organisation.regions.values("pk")


def _region_organisations(actor: Actor):
    """The organisations in the regions of the actor's samenwerkingsverband (a subquery, so lists stay distinct)."""
    from overstap.organisations.models import Organisation

    return Organisation.objects.filter(regions__in=_swv_regions(actor)).values("pk")


@rule("transitions.TransitionCase", "list", "view")
def transition_case_view(actor: Actor) -> Q | None:
    if actor.membership is None:
        return Q(pupil__in=_family_dossier(actor), status__in=statuses.FOLLOWED) if actor.is_authenticated else None
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(from_organisation=actor.organisation) | Q(
            to_organisation=actor.organisation, status__in=statuses.REGISTERED_ON
        )
    if actor.role == Role.MENTOR:
        return Q(to_organisation=actor.organisation, status__in=statuses.OPENED_ON)
    if actor.role == Role.SWV_CONSULENT:
        # The consultant follows the region's transitions once a pupil is registered somewhere or has no place
        # (the Overstaptafel, signals); what a school is still preparing stays with the school.
        in_region = Q(from_organisation__in=_region_organisations(actor)) | Q(
            to_organisation__in=_region_organisations(actor)
        )
        return in_region & Q(status__in=statuses.FOLLOWED)
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
    if actor.membership is None:
        return (
            Q(pupil__in=_family_dossier(actor), status__in=statuses.INSPECTION_ON) if actor.is_authenticated else None
        )
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(from_organisation=actor.organisation) | Q(
            to_organisation=actor.organisation, status__in=statuses.SENT_ON
        )
    return None


@rule("transitions.TransitionCase", "give_view")
def transition_give_view(actor: Actor) -> Q | None:
    # The parents (legal representatives) and the pupil add their view while they read the report.
    if actor.membership is None and actor.is_authenticated:
        return Q(pupil__in=_family_dossier(actor), status="inzage_ouders")
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
    from overstap.transitions.models import TransitionCase

    if actor.membership is None:
        if not actor.is_authenticated:
            return None
        return Q(case__pupil__in=_family_dossier(actor), case__status__in=statuses.FOLLOWED) & ~Q(kind="mdo_zat")
    if actor.role in DOSSIER_OWNER_ROLES:
        parties = TransitionCase.objects.filter(
            Q(from_organisation=actor.organisation, status__in=statuses.SENT_ON)
            | Q(to_organisation=actor.organisation, status__in=statuses.SENT_ON)
        ).values("pk")
        return Q(organiser=actor.organisation) | (Q(case__in=parties) & ~Q(kind="mdo_zat"))
    if actor.role == Role.SWV_CONSULENT:
        cases = TransitionCase.objects.filter(transition_case_view(actor)).values("pk")
        return Q(kind="overstaptafel", case__in=cases)
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
    if actor.role in DOSSIER_OWNER_ROLES or actor.role == Role.SWV_CONSULENT:
        return Q(organisation=actor.organisation)
    return None


@rule("transitions.Signal", "handle")
def signal_handle(actor: Actor) -> Q | None:
    # Only the owner of a signal says it is handled.
    if actor.role in DOSSIER_OWNER_ROLES or actor.role == Role.SWV_CONSULENT:
        return Q(owner=actor.organisation)
    return None


@rule("transitions.Signal", "list", "view")
def signal_view(actor: Actor) -> Q | None:
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(owner=actor.organisation) | Q(case__from_organisation=actor.organisation)
    if actor.role == Role.SWV_CONSULENT:
        return Q(owner=actor.organisation) | Q(case__from_organisation__in=_region_organisations(actor))
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


# --- Consent and breaking confidentiality -----------------------------------------------------------------------


@rule("consent.BreakGlass", "list", "review")
def break_glass_review(actor: Actor) -> Q | None:
    # Every time confidentiality was broken in an organisation, its privacy officer sees it for review.
    if actor.role == Role.PRIVACY:
        return Q(organisation=actor.organisation)
    return None


@rule("consent.Consent", "list", "view")
def consent_view(actor: Actor) -> Q | None:
    # The family sees every consent for their child; schools see the consents of their current pupils.
    if actor.membership is None:
        return Q(pupil__in=_family_dossier(actor)) if actor.is_authenticated else None
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(pupil__in=_current_enrolments(organisation=actor.organisation).values("pupil_id"))
    return None


# --- The checkpoint -------------------------------------------------------------------------------------------


def _rule_for(model, action: str) -> Rule | None:
    found = RULES.get((model._meta.label, action))
    if found is None:
        logger.warning("No authorisation rule for %s/%s: denied", model._meta.label, action)
    return found


def filter_queryset(queryset: QuerySet, user, action: str) -> QuerySet:
    actor = user if isinstance(user, Actor) else actor_for(user)
    found = _rule_for(queryset.model, action)
    condition = found(actor) if found else None
    if condition is None:
        return queryset.none()
    return queryset.filter(condition)


def can(user, action: str, obj) -> bool:
    """May this user do this action with this object? Asks the same rule as ``for_user``."""
    if obj is None or obj.pk is None:
        return False
    return type(obj)._default_manager.all().for_user(user, action).filter(pk=obj.pk).exists()


def get_object_for_user(model, user, action: str, **lookup):
    """The object, or Http404 both when it does not exist and when the user may not do this action with it."""
    queryset = model._default_manager.all()
    obj = queryset.filter(**lookup).first()
    if obj is None or not can(user, action, obj):
        raise Http404
    return obj


def is_mapped(model, action: str) -> bool:
    return (model._meta.label, action) in RULES
