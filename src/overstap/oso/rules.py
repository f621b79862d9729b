"""Who may take a handover out as an OSO dossier: the dossier owners of the sending and of the receiving school,
once it was sent (the same people who read the sent handover and print it). The family has its own download of
the whole dossier; mentors read the one-page summary; nobody else sees the handover."""

from django.db.models import Q

from overstap.accounts.roles import DOSSIER_OWNER_ROLES
from overstap.authz.actor import Actor
from overstap.authz.policy import rule
from overstap.transitions import statuses


@rule("transitions.TransitionCase", "oso_export")
def case_oso_export(actor: Actor) -> Q | None:
    if actor.role in DOSSIER_OWNER_ROLES:
        return (Q(from_organisation=actor.organisation) | Q(to_organisation=actor.organisation)) & Q(
            status__in=statuses.SENT_ON
        )
    return None
