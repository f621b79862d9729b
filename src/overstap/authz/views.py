"""The checkpoint as used by views: an object the user may not see answers 404, and the refusal is audited."""

from django.http import Http404

from overstap.audit.models import Action
from overstap.audit.services import record

from .policy import can


def authorised_object(request, queryset, action: str, **lookup):
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    if not can(request.user, action, obj):
        record(request.user, Action.DENIED, obj, request=request, detail={"action": action})
        raise Http404
    return obj
