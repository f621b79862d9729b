"""Who imports an OSO dossier: the dossier owners (IB'er, care coordinator) of a school, for their own school."""

from django.db.models import Q

from overstap.accounts.roles import DOSSIER_OWNER_ROLES
from overstap.authz.actor import Actor
from overstap.authz.policy import rule
from overstap.organisations.models import EDUCATION_TYPES


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
