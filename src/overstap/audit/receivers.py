from django.dispatch import receiver

from overstap.authz.signals import access_denied

from .models import Action
from .services import record


@receiver(access_denied, dispatch_uid="audit-access-denied")
def record_refusal(sender, request, user, obj, action, **kwargs):
    record(user, Action.DENIED, obj, request=request, detail={"action": action})
    if request is not None:
        # So that the refused write below does not record the same refusal twice.
        request.denial_recorded = True
