from django.contrib.auth.signals import user_logged_out, user_login_failed
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
