"""OpenID Connect single sign-on for production (switched on with OVERSTAP_OIDC_ENABLED).

Only people who already have an account log in this way: they are matched on e-mail address, never created, so
that roles and organisations stay under the application manager's control. The identity provider is responsible
for the second factor.
"""

import time

from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .sessions import LOGIN_AT, SSO


class OverstapOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email or not claims.get("email_verified", True):
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims):  # pragma: no cover - switched off by OIDC_CREATE_USER = False
        return None

    def authenticate(self, request, **kwargs):
        user = super().authenticate(request, **kwargs)
        if user is not None and request is not None:
            request.session[SSO] = True
            request.session[LOGIN_AT] = time.time()
        return user
