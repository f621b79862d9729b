"""Who sees and manages an organisation's API tokens: its application manager, never another organisation's."""

from django.db.models import Q

from overstap.accounts.roles import Role
from overstap.authz.actor import Actor
from overstap.authz.policy import rule


@rule("api.ApiToken", "list", "view", "manage")
def token_manage(actor: Actor) -> Q | None:
    if actor.membership is not None and actor.role == Role.FUNCTIONEEL_BEHEERDER:
        return Q(organisation=actor.organisation)
    return None
