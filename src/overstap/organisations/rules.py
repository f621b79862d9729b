"""Who sees the organisations. Managing an organisation's details is the application manager's, declared with the
roles in ``accounts/rules.py``; a region's protocol is declared by the transitions app."""

from django.db.models import Q

from overstap.authz.actor import Actor
from overstap.authz.policy import rule


@rule("organisations.Organisation", "list", "view")
def organisation_view(actor: Actor) -> Q | None:
    # The directory of organisations is open to every professional; families see none.
    return Q() if actor.membership is not None else None
