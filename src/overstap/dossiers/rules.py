"""Who reads and writes the dossier: entries, support plans (OPP, plan of approach) and youth care.

The family always reads their child's dossier (inzage); from 16 health, youth care and care-team notes are the
pupil's own. A school reads what it wrote itself about its current pupils and the family's views; what earlier
schools wrote arrives through a handover, not by looking. Leerplicht/RMC never read the dossier.
"""

from django.db.models import Q
from django.utils import timezone

from overstap.accounts.roles import DOSSIER_OWNER_ROLES, DOSSIER_READER_ROLES
from overstap.authz.actor import Actor
from overstap.authz.policy import rule
from overstap.consent.categories import SENSITIVE_CATEGORIES, Category
from overstap.consent.models import Consent
from overstap.pupils.scopes import acting_as_family, current_pupils, family_dossier, family_pupils, rights_pupils

from .models import Entry


@rule("pupils.Pupil", "view_dossier", "write_dossier", "view_plans")
def pupil_dossier(actor: Actor) -> Q | None:
    # The pupil's current school (and pre-school) and the family.
    if acting_as_family(actor):
        return Q(pk__in=family_dossier(actor))
    if actor.role in DOSSIER_READER_ROLES:
        return Q(pk__in=current_pupils(actor.organisation))
    return None


@rule("pupils.Pupil", "write_plans")
def pupil_write_plans(actor: Actor) -> Q | None:
    # OPP and plan of approach are written by the school's dossier owners.
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(pk__in=current_pupils(actor.organisation))
    return None


@rule("dossiers.Opp", "change")
@rule("dossiers.IntegralPlan", "change")
def plan_change(actor: Actor) -> Q | None:
    # A plan is maintained by the dossier owners of the school that wrote it, while the pupil is theirs; what an
    # earlier school wrote stays that school's (a receiving school carries it on as a plan of its own).
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(pupil__in=current_pupils(actor.organisation), organisation=actor.organisation)
    return None


@rule("pupils.Pupil", "record_youth_care")
def pupil_record_youth_care(actor: Actor) -> Q | None:
    # The dossier owners record youth care; the service also asks for the family's consent to that school.
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(pk__in=current_pupils(actor.organisation))
    return None


@rule("dossiers.Opp", "list", "view")
@rule("dossiers.IntegralPlan", "list", "view")
def plan_view(actor: Actor) -> Q | None:
    # Like dossier entries: the family always, the current school for what it wrote itself.
    if acting_as_family(actor):
        return Q(pupil__in=family_dossier(actor))
    if actor.role in DOSSIER_READER_ROLES:
        return Q(pupil__in=current_pupils(actor.organisation), organisation=actor.organisation)
    return None


@rule("dossiers.YouthCare", "list", "view")
def youth_care_view(actor: Actor) -> Q | None:
    # Consent-based: the family (parents only under 16); a school only what it recorded itself and only while the
    # family's consent for youth-care information to that school stands: a withdrawal closes it at the next request.
    if acting_as_family(actor):
        return Q(pupil__in=family_pupils(actor, representatives_only=True, sensitive=True))
    if actor.role in DOSSIER_OWNER_ROLES:
        consented = Consent.objects.filter(
            category=Category.JEUGDHULP,
            recipient=actor.organisation,
            withdrawn_at__isnull=True,
            given_at__lte=timezone.now(),
        ).values("pupil_id")
        return Q(pupil__in=current_pupils(actor.organisation), organisation=actor.organisation) & Q(pupil__in=consented)
    return None


@rule("dossiers.Entry", "list", "view")
def entry_view(actor: Actor) -> Q | None:
    if acting_as_family(actor):
        sensitive_ok = family_pupils(actor, representatives_only=True, sensitive=True)
        return Q(pupil__in=family_dossier(actor)) & (~Q(category__in=SENSITIVE_CATEGORIES) | Q(pupil__in=sensitive_ok))
    if actor.role in DOSSIER_READER_ROLES:
        current = current_pupils(actor.organisation)
        condition = Q(pupil__in=current) & (Q(organisation=actor.organisation) | Q(organisation__isnull=True))
        if actor.role not in DOSSIER_OWNER_ROLES:
            # Need to know: a mentor, decaan or pedagogical worker reads what they need to teach the pupil, not the
            # home situation, health or care-team notes (unless they wrote it themselves).
            condition &= ~Q(category__in=(*SENSITIVE_CATEGORIES, Category.THUISSITUATIE)) | Q(author=actor.user)
        return condition
    return None


@rule("dossiers.Entry", "change")
def entry_change(actor: Actor) -> Q | None:
    if acting_as_family(actor):
        # A family member changes their own view only.
        return Q(author=actor.user, category=Category.ZIENSWIJZE, pupil__in=family_dossier(actor))
    if actor.membership is None:
        return None
    current = current_pupils(actor.organisation)
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(organisation=actor.organisation, pupil__in=current)
    if actor.role in DOSSIER_READER_ROLES:
        return Q(author=actor.user, organisation=actor.organisation, pupil__in=current)
    return None


# --- Correction requests (AVG art. 16) -------------------------------------------------------------------------


def _asks_for(actor: Actor):
    """The pupils for whom this family member exercises the right to rectification: a legal representative while
    the pupil is under 16, the pupil from their 16th birthday (as with consent)."""
    return rights_pupils(actor)


@rule("dossiers.Entry", "request_correction")
def entry_request_correction(actor: Actor) -> Q | None:
    # What a school wrote and the family reads, not closed: the family's own views they change themselves.
    if acting_as_family(actor):
        readable = entry_view(actor)
        return readable & Q(pupil__in=_asks_for(actor), organisation__isnull=False, closed_at__isnull=True)
    return None


@rule("dossiers.CorrectionRequest", "list", "view")
def correction_view(actor: Actor) -> Q | None:
    # The family members who read the entry; the dossier owners of the school asked, while the pupil is theirs.
    if acting_as_family(actor):
        return Q(entry__in=Entry.objects.filter(entry_view(actor)).values("pk"))
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(organisation=actor.organisation, pupil__in=current_pupils(actor.organisation))
    return None


@rule("dossiers.CorrectionRequest", "answer")
def correction_answer(actor: Actor) -> Q | None:
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(organisation=actor.organisation, pupil__in=current_pupils(actor.organisation))
    return None
