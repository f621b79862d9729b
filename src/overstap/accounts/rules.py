"""Who sees and manages the people of an organisation, and the organisation's own details."""

from django.db.models import Q

from overstap.authz.actor import Actor
from overstap.authz.policy import rule

from .roles import Role


@rule("accounts.Membership", "list", "view")
def membership_view(actor: Actor) -> Q | None:
    # Colleagues in the same organisation; the application manager of an organisation sees all its members.
    return Q(organisation=actor.organisation) if actor.membership is not None else None


@rule("accounts.Membership", "manage")
def membership_manage(actor: Actor) -> Q | None:
    if actor.role == Role.FUNCTIONEEL_BEHEERDER:
        return Q(organisation=actor.organisation)
    return None


@rule("organisations.Organisation", "manage")
def organisation_manage(actor: Actor) -> Q | None:
    # The application manager looks after their own organisation's details; never another's.
    if actor.role == Role.FUNCTIONEEL_BEHEERDER:
        return Q(pk=actor.organisation.pk)
    return None
