"""OpenID Connect single sign-on for production (switched on with OVERSTAP_OIDC_ENABLED).

Only people who already have an account log in this way: they are matched on e-mail address, never created, so
that roles and organisations stay under the application manager's control. The identity provider is responsible
for the second factor and must say so in the ID token's ``amr`` claim (OIDC_REQUIRED_AMR). Known gap: accounts are
matched on a verified e-mail address, not yet on the provider's stable subject id.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class OverstapOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email or claims.get("email_verified") is not True:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims):  # pragma: no cover - switched off by OIDC_CREATE_USER = False
        return None

    def get_or_create_user(self, access_token, id_token, payload):
        # The ID token must say that the provider used a second factor (amr, RFC 8176), unless switched off.
        required = set(getattr(settings, "OVERSTAP_OIDC_REQUIRED_AMR", []))
        if required and not required & set(payload.get("amr") or []):
            raise SuspiciousOperation("The identity provider did not confirm a second factor (amr).")
        return super().get_or_create_user(access_token, id_token, payload)

    def get_user(self, user_id):
        # A deactivated account loses its single sign-on session at the next request.
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
