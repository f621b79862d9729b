"""Writing to the audit trail. Call inside the same transaction as the change it records."""

from django.db import models

from overstap.authz.actor import Actor, actor_for
from overstap.core.logging import get_request_id

from .models import Action, AuditEvent


def _pupil_id_of(obj) -> int | None:
    # The audit trail sits below the domain apps: it knows a pupil by its model label, not by importing it.
    if obj._meta.label == "pupils.Pupil":
        return obj.pk
    return getattr(obj, "pupil_id", None)


def _request_id(request) -> str:
    if request is not None and getattr(request, "id", ""):
        return request.id
    current = get_request_id()
    return "" if current == "-" else current


def record(
    user_or_actor,
    action: str,
    obj: models.Model | None = None,
    *,
    pupil_id: int | None = None,
    legal_basis: str = "",
    request=None,
    object_type: str = "",
    object_repr: str = "",
    detail: dict | None = None,
) -> AuditEvent:
    actor = user_or_actor if isinstance(user_or_actor, Actor) else actor_for(user_or_actor)
    user = actor.user
    membership = actor.membership
    if action not in Action.values:
        raise ValueError(f"Unknown audit action {action!r}")
    return AuditEvent.objects.create(
        actor_id=getattr(user, "pk", None),
        actor_name=(str(user) if user is not None else "")[:200],
        organisation_id=membership.organisation_id if membership else None,
        organisation_name=str(membership.organisation)[:200] if membership else "",
        role=membership.role if membership else ("family" if actor.is_family else ""),
        action=action,
        object_type=object_type or (obj._meta.label if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
        pupil_id=pupil_id if pupil_id is not None else (_pupil_id_of(obj) if obj is not None else None),
        legal_basis=legal_basis,
        request_id=_request_id(request),
        path=(request.path if request is not None else "")[:300],
        detail=detail or {},
    )


def record_many(user_or_actor, action: str, objects, *, request=None, detail: dict | None = None) -> int:
    """One event per object, written in bulk: for an import that writes thousands of pupils at once, where one
    ``record`` per object would be one query per object. Same fields as ``record``."""
    actor = user_or_actor if isinstance(user_or_actor, Actor) else actor_for(user_or_actor)
    user, membership = actor.user, actor.membership
    if action not in Action.values:
        raise ValueError(f"Unknown audit action {action!r}")
    common = {
        "actor_id": getattr(user, "pk", None),
        "actor_name": (str(user) if user is not None else "")[:200],
        "organisation_id": membership.organisation_id if membership else None,
        "organisation_name": str(membership.organisation)[:200] if membership else "",
        "role": membership.role if membership else ("family" if actor.is_family else ""),
        "action": action,
        "request_id": _request_id(request),
        "path": (request.path if request is not None else "")[:300],
        "detail": detail or {},
    }
    events = [
        AuditEvent(
            **common,
            object_type=obj._meta.label,
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            pupil_id=_pupil_id_of(obj),
        )
        for obj in objects
    ]
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)


def record_form_shown(request, pupil, page: str) -> AuditEvent:
    """A form about a pupil shows who it is about (name, often the birth date and school): a read of the pupil,
    naming the form. Called when the form is rendered, also again after a refused POST."""
    return record(request.user, Action.READ, pupil, request=request, detail={"page": page, "shown": ["pupil"]})


def record_erasures(user_or_actor, rows: list[dict], *, job: str = "", request=None) -> int:
    """One ``erase`` event per row removed for good (retention, a request, or again after a restore), in bulk.
    Each row is ``{"model", "pk", "pupil_id", "detail"}``. The event names the row by model label and id only,
    never by its text: the name of what was erased must not stay behind in the trail. A scheduled job erases as
    nobody (the who-looked page says "Overstap") and is named in ``detail.job``."""
    actor = user_or_actor if isinstance(user_or_actor, Actor) else actor_for(user_or_actor)
    user, membership = actor.user, actor.membership
    common = {
        "actor_id": getattr(user, "pk", None),
        "actor_name": (str(user) if user is not None else "")[:200],
        "organisation_id": membership.organisation_id if membership else None,
        "organisation_name": str(membership.organisation)[:200] if membership else "",
        "role": membership.role if membership else ("family" if actor.is_family else ""),
        "action": Action.ERASE,
        "request_id": _request_id(request),
        "path": (request.path if request is not None else "")[:300],
    }
    events = [
        AuditEvent(
            **common,
            object_type=row["model"],
            object_id=str(row["pk"]),
            object_repr=f"{row['model']} #{row['pk']}"[:200],
            pupil_id=row.get("pupil_id"),
            detail={**(row.get("detail") or {}), **({"job": job} if job else {})},
        )
        for row in rows
    ]
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)
