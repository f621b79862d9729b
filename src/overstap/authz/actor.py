"""Who is acting: the user, and the membership (organisation and role) they are acting in right now."""

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Actor:
    user: object | None
    membership: object | None = None
    _cache: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user is not None and self.user.is_authenticated)

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def organisation(self):
        return self.membership.organisation if self.membership else None

    @cached_property
    def is_family(self) -> bool:
        return self.is_authenticated and self.membership is None and self.user.family_links.exists()


def actor_for(user) -> Actor:
    """The actor for a user. In a request the membership is the one chosen in the header (the first of the user's
    memberships until they choose), set on ``user.acting_membership`` by the middleware. Outside a request a user
    with exactly one membership acts in that one, otherwise in none."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Actor(None)
    if hasattr(user, "acting_membership"):
        return Actor(user, user.acting_membership)
    memberships = list(user.active_memberships()[:2])
    return Actor(user, memberships[0] if len(memberships) == 1 else None)
