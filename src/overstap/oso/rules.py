"""Who may move a dossier in and out as OSO.

- Export: the dossier owners of the sending and of the receiving school, once the handover was sent (the same
  people who read the sent handover and print it). The family has its own download of the whole dossier; mentors
  read the one-page summary; nobody else sees the handover.
- Import: the dossier owners (IB'er, care coordinator) of a school, for their own school.
"""

from django.db.models import Q

from overstap.accounts.roles import DOSSIER_OWNER_ROLES
from overstap.authz.actor import Actor
from overstap.authz.policy import rule
from overstap.organisations.models import EDUCATION_TYPES
from overstap.transitions import statuses


@rule("transitions.TransitionCase", "oso_export")
def case_oso_export(actor: Actor) -> Q | None:
    if actor.role in DOSSIER_OWNER_ROLES:
        return (Q(from_organisation=actor.organisation) | Q(to_organisation=actor.organisation)) & Q(
            status__in=statuses.SENT_ON
        )
    return None


@rule("organisations.Organisation", "import_oso")
def organisation_import_oso(actor: Actor) -> Q | None:
    organisation = actor.organisation
    if actor.role in DOSSIER_OWNER_ROLES and organisation is not None and organisation.type in EDUCATION_TYPES:
        return Q(pk=organisation.pk)
    return None


@rule("oso.OsoImport", "list", "view", "change")
def oso_import_view(actor: Actor) -> Q | None:
    # The school's own OSO imports, for those who may import them.
    organisation = actor.organisation
    if actor.role in DOSSIER_OWNER_ROLES and organisation is not None and organisation.type in EDUCATION_TYPES:
        return Q(organisation=organisation)
    return None
