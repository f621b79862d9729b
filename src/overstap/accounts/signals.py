import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from overstap.audit.models import Action
from overstap.audit.services import record


@receiver(user_login_failed)
def audit_failed_login(sender, credentials, request=None, **kwargs):
    # The username typed is kept as text only: it may not belong to anybody.
    record(None, Action.LOGIN_FAILED, request=request, object_repr=str(credentials.get("username", ""))[:150])


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record(user, Action.LOGOUT, request=request)


OIDC_BACKEND = "overstap.accounts.oidc.OverstapOIDCBackend"


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    from .sessions import LOGIN_AT, SSO

    backend = getattr(user, "backend", "")
    if request is not None and backend == OIDC_BACKEND:
        # Single sign-on: the identity provider checked the second factor; start the 12-hour clock now, after
        # login() has settled the session.
        request.session[SSO] = True
        request.session[LOGIN_AT] = time.time()
    record(user, Action.LOGIN, request=request, detail={"backend": backend.rsplit(".", 1)[-1]})
