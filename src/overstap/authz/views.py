"""The checkpoint as used by views: an object the user may not see answers 404, and the refusal is announced
(``authz.signals.access_denied``) so that the audit trail records it."""

from django.http import Http404

from .policy import can
from .signals import access_denied


def authorised_object(request, queryset, action: str, **lookup):
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    if not can(request.user, action, obj):
        access_denied.send(sender=type(obj), request=request, user=request.user, obj=obj, action=action)
        raise Http404
    return obj
