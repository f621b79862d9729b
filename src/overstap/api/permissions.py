"""What a token may do: its scopes. A person signed in to the pages has no scopes: the checkpoint alone decides."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from .models import ApiToken


class HasScope(permissions.BasePermission):
    """Refused before any object is looked up (403), so a missing scope says nothing about what exists."""

    message = _("This API token may not do this: the application manager did not give it this scope.")

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        needed = view.read_scope if request.method in permissions.SAFE_METHODS else view.write_scope
        return needed is not None and needed in token.scopes
