"""The checkpoint as used by views: an object the user may not see answers 404, and the refusal is announced
(``authz.signals.access_denied``) so that the audit trail records it."""

from collections.abc import Iterable

from django.http import Http404

from .policy import allowed_actions
from .signals import access_denied


def authorised_object(request, queryset, action: str, *, also: Iterable[str] = (), **lookup):
    """The object, or 404. ``also`` names the other actions the page will ask about this object: they are asked in
    the same query and remembered for the rest of the request."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    if action not in allowed_actions(request.user, obj, [action, *also]):
        access_denied.send(sender=type(obj), request=request, user=request.user, obj=obj, action=action)
        raise Http404
    return obj


def refuse(request, obj, action: str):
    """A view's own refusal (not through ``authorised_object``): announced like the checkpoint's, so the audit trail
    records it, then 404. ``obj`` is what was refused, or None when the refusal is about no object (someone without
    the role a page needs)."""
    access_denied.send(
        sender=type(obj) if obj is not None else None, request=request, user=request.user, obj=obj, action=action
    )
    raise Http404
