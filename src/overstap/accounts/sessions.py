"""Session keys used by the log-in flow."""

PENDING_USER = "overstap_pending_user"
PENDING_BACKEND = "overstap_pending_backend"
PENDING_SINCE = "overstap_pending_since"
LOGIN_AT = "overstap_login_at"
ACTING_MEMBERSHIP = "overstap_acting_membership"
SSO = "overstap_sso"
PENDING_SECONDS = 5 * 60
