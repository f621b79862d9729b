"""The home page's section for the roles whose work is not in the product yet: an honest word of what they will
find here, and the way to the matrix, instead of an empty page."""

from overstap.accounts.roles import Role
from overstap.core.panels import HOME_PAGE, Panel, register

# The roles whose own work lists are still to come.
COMING_ROLES = (Role.JGZ,)


def coming_context(request, _obj, allowed: set[str]) -> dict | None:
    acting = getattr(request.user, "acting_membership", None)
    if acting is None or acting.role not in COMING_ROLES:
        return None
    return {"role": acting.role}


register(Panel("coming", "ui/panels/coming.html", coming_context, slot=HOME_PAGE, order=90))
