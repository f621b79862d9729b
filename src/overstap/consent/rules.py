"""Who sees the family's consents, and who may break confidentiality or review that it was broken."""

from django.db.models import Q

from overstap.accounts.roles import DOSSIER_OWNER_ROLES, Role
from overstap.authz.actor import Actor
from overstap.authz.policy import rule
from overstap.pupils.scopes import acting_as_family, current_pupils, family_dossier


@rule("consent.Consent", "list", "view")
def consent_view(actor: Actor) -> Q | None:
    # The family sees every consent for their child; schools see the consents of their current pupils.
    if acting_as_family(actor):
        return Q(pupil__in=family_dossier(actor))
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(pupil__in=current_pupils(actor.organisation))
    return None


@rule("pupils.Pupil", "break_glass")
def pupil_break_glass(actor: Actor) -> Q | None:
    # The dossier owners of the pupil's current school, for the child's safety and with a written reason.
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(pk__in=current_pupils(actor.organisation))
    return None


@rule("consent.BreakGlass", "list", "review")
def break_glass_review(actor: Actor) -> Q | None:
    # Every time confidentiality was broken in an organisation, its privacy officer sees it for review.
    if actor.role == Role.PRIVACY:
        return Q(organisation=actor.organisation)
    return None
