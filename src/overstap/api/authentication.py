"""How a request to the API says who it is: a token (a connected system), or a person signed in with both factors.

The token goes in the ``Authorization`` header as ``Bearer <token>`` or ``Token <token>``. A token that is unknown,
revoked or expired, or whose organisation is no longer active, is answered with 401.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .services import note_use, token_for_key

KEYWORDS = (b"bearer", b"token")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Authorization: give the token after the word Bearer."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Authorization: this token is not valid.")) from None
        token = token_for_key(key)
        if token is None or not token.usable:
            raise exceptions.AuthenticationFailed(_("Authorization: this token is not valid, revoked or expired."))
        note_use(token)
        user = token.machine_user
        # The checkpoint reads the acting membership from the user, as for a person who chose a role.
        user.acting_membership = token.membership()
        return user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="overstap"'


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """A person signed in to the pages, with the second factor: the API answers them as the pages would."""

    def authenticate(self, request):
        user = getattr(request._request, "user", None)
        if user is None or not user.is_authenticated or not getattr(user, "is_verified", lambda: False)():
            return None
        self.enforce_csrf(request)
        return user, None
