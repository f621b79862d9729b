from django import template
from django.utils.translation import gettext as _

from overstap.accounts.roles import Role

register = template.Library()


@register.filter
def role_name(code: str) -> str:
    """The name of a role as recorded in a snapshot (the audit trail keeps the code, not a link)."""
    if code == "family":
        return _("parent or pupil")
    if not code:
        return ""
    # A role that no longer exists is named as such, never by its code.
    return str(Role(code).label) if code in Role.values else _("a role that no longer exists")
