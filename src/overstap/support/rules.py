"""Who sees and works on the SWV route: support requests, expert advice and decisions.

Giving support is the samenwerkingsverband's legal task: it sees a pupil once a school has asked, and never the
school's dossier. The requesting school follows its request while the pupil is still there; the family reads it.
"""

from django.db.models import Q

from overstap.accounts.roles import DOSSIER_OWNER_ROLES, SWV_ROLES, Role
from overstap.authz.actor import Actor
from overstap.authz.policy import rule
from overstap.pupils.scopes import acting_as_family, current_pupils, family_dossier

from .models import Status, SupportRequest

OPEN_REQUEST = (Status.SUBMITTED, Status.IN_PROGRESS)


@rule("pupils.Pupil", "list", "view")
def pupil_view_by_swv(actor: Actor) -> Q | None:
    # The samenwerkingsverband sees a pupil once a school has asked it for support (its legal task).
    if actor.role in SWV_ROLES:
        return Q(pk__in=SupportRequest.objects.filter(swv=actor.organisation).values("pupil_id"))
    return None


@rule("pupils.Pupil", "request_support")
def pupil_request_support(actor: Actor) -> Q | None:
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(pk__in=current_pupils(actor.organisation))
    return None


@rule("support.SupportRequest", "list", "view")
def support_view(actor: Actor) -> Q | None:
    if acting_as_family(actor):
        return Q(pupil__in=family_dossier(actor))
    if actor.role in DOSSIER_OWNER_ROLES:
        # The requesting school, while the pupil is still there.
        return Q(school=actor.organisation, pupil__in=current_pupils(actor.organisation))
    if actor.role in SWV_ROLES:
        return Q(swv=actor.organisation)
    return None


@rule("support.SupportRequest", "advise")
def support_advise(actor: Actor) -> Q | None:
    if actor.role in (Role.ORTHOPEDAGOOG, Role.SWV_CONSULENT):
        return Q(swv=actor.organisation, status__in=OPEN_REQUEST)
    return None


@rule("support.SupportRequest", "decide")
def support_decide(actor: Actor) -> Q | None:
    if actor.role == Role.TLV_COMMISSIE:
        return Q(swv=actor.organisation, status=Status.IN_PROGRESS)
    return None


@rule("support.SupportRequest", "withdraw")
def support_withdraw(actor: Actor) -> Q | None:
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(school=actor.organisation, pupil__in=current_pupils(actor.organisation), status__in=OPEN_REQUEST)
    return None
