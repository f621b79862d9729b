"""A demo API token of Basisschool De Regenboog, made by its application manager; its key is printed once."""

from overstap.accounts.models import Membership

from .models import ApiToken
from .services import issue_token


def load(stdout):
    manager = Membership.objects.select_related("organisation", "user").get(
        user__username="beheer.regenboog", role="functioneel_beheerder"
    )
    if ApiToken.objects.filter(organisation=manager.organisation).exists():
        stdout.write("Demo API token: already there.")
        return []
    manager.user.acting_membership = manager
    _token, key = issue_token(
        manager.user,
        manager.organisation,
        name="Leerlingadministratie (demo)",
        role="ib",
        scopes=["pupils:read", "pupils:write", "dossier:read", "transitions:read", "signals:read"],
    )
    stdout.write(f"Demo API token of {manager.organisation} (demo only; shown once): {key}")
    return []
