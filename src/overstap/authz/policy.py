"""The checkpoint: who may do what with which object.

Every list, search, count and export goes through ``Model.objects.for_user(user, action)``; every single object
through ``can(user, action, obj)``, which asks the same rule. The rules themselves live beside the models they
guard, in each app's ``rules.py``, and register here with ``@rule(...)`` when the app is ready. This module imports
no domain: it only knows model labels and action names. A (model, action) pair that nobody mapped is denied.

Several apps may each contribute a part to one (model, action): the pupils app says which schools and families
see a pupil, the SWV route adds that a samenwerkingsverband sees the pupils it was asked about. A part answers
``None`` for actors it has nothing to say about; the checkpoint allows what any part allows.
"""

import logging
from collections.abc import Callable, Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from . import cache
from .actor import Actor, actor_for

logger = logging.getLogger(__name__)

Rule = Callable[[Actor], Q | None]
RULES: dict[tuple[str, str], tuple[Rule, ...]] = {}


def rule(model_label: str, *actions: str):
    """Register a rule part for these actions on the model with this label (``"app_label.ModelName"``)."""
    if not actions:
        raise ValueError(f"A rule for {model_label} names no action")

    def register(function: Rule) -> Rule:
        for action in actions:
            key = (model_label, action)
            parts = RULES.get(key, ())
            if function in parts:
                raise RuntimeError(f"{function.__qualname__} is registered twice for {key}")
            RULES[key] = (*parts, function)
        return function

    return register


def as_actor(user) -> Actor:
    return user if isinstance(user, Actor) else actor_for(user)


def _parts(model_label: str, action: str) -> tuple[Rule, ...]:
    found = RULES.get((model_label, action), ())
    if not found:
        logger.warning("No authorisation rule for %s/%s: denied", model_label, action)
    return found


def condition(user, model_label: str, action: str) -> Q | None:
    """The condition on the model's rows for this actor and action, or None when nothing is allowed."""
    return _combine(as_actor(user), _parts(model_label, action))


def _combine(actor: Actor, parts: tuple[Rule, ...]) -> Q | None:
    allowed = [q for q in (part(actor) for part in parts) if q is not None]
    if not allowed:
        return None
    if any(not q for q in allowed):  # an empty Q allows every row; OR-ing it with another would narrow it
        return Q()
    combined = allowed[0]
    for q in allowed[1:]:
        combined |= q
    return combined


def filter_queryset(queryset: QuerySet, user, action: str) -> QuerySet:
    found = condition(user, queryset.model._meta.label, action)
    if found is None:
        return queryset.none()
    return queryset.filter(found)


def _key(actor: Actor, obj, parts: tuple[Rule, ...]) -> tuple:
    # Actions that share their rule parts share their answer (``list`` and ``view``, for example).
    return (getattr(actor.user, "pk", None), getattr(actor.membership, "pk", None), obj._meta.label, obj.pk, parts)


def can(user, action: str, obj) -> bool:
    """May this user do this action with this object? Asks the same rule as ``for_user``.

    Within a request the answer is remembered (see ``authz.cache``), so a page that asks the same question for
    the same object more than once sends one query; any write in that request forgets what was remembered.
    """
    if obj is None or obj.pk is None:
        return False
    return allowed_actions(user, obj, [action]) == {action}


def allowed_actions(user, obj, actions: Iterable[str]) -> set[str]:
    """Which of these actions the user may do with this object, asked of the database in one query."""
    actions = list(dict.fromkeys(actions))
    if obj is None or obj.pk is None:
        return set()
    actor = as_actor(user)
    label = obj._meta.label
    answers: dict[tuple, bool] = {}
    to_ask: dict[tuple, Q] = {}
    keys = {}
    for action in actions:
        parts = _parts(label, action)
        key = keys[action] = _key(actor, obj, parts)
        if key in answers or key in to_ask:
            continue
        remembered = cache.get(key)
        if remembered is not None:
            answers[key] = remembered
            continue
        found = _combine(actor, parts) if parts else None
        if found is None:
            answers[key] = False
        else:
            to_ask[key] = found
    if to_ask:
        manager = type(obj)._default_manager
        names = {key: f"allowed_{number}" for number, key in enumerate(to_ask)}
        annotations = {
            names[key]: Exists(manager.filter(pk=OuterRef("pk")).filter(found)) for key, found in to_ask.items()
        }
        row = manager.filter(pk=obj.pk).annotate(**annotations).values(*names.values()).first()
        for key, name in names.items():
            answers[key] = bool(row and row[name])
            cache.remember(key, answers[key])
    return {action for action in actions if answers[keys[action]]}


def get_object_for_user(model, user, action: str, **lookup):
    """The object, or Http404 both when it does not exist and when the user may not do this action with it."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None or not can(user, action, obj):
        raise Http404
    return obj


def is_mapped(model, action: str) -> bool:
    return (model._meta.label, action) in RULES
