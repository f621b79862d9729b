"""What the family home reads: the children this family member may see, with what the home tells about each (age,
current school, how the reader is related), and which checkpoint actions the reader has on each child. A fixed
number of queries, however many children there are."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils import timezone

from overstap.authz.policy import condition
from overstap.pupils.models import Enrolment, FamilyLink, Pupil, Relation
from overstap.pupils.scopes import current_enrolments


@dataclass
class Child:
    pupil: Pupil
    # The reader is the child: the page says "je" and "your school".
    is_self: bool
    # The reader has parental authority (or is the child): dossier content is theirs to read.
    legal_representative: bool
    age: int
    school: str = ""
    group: str = ""

    @property
    def name(self) -> str:
        return self.pupil.preferred_name or self.pupil.given_names.split()[0]

    @property
    def general_only(self) -> bool:
        """A parent or carer without parental authority: only general information about the child."""
        return not self.is_self and not self.legal_representative


def children_of(user, today: datetime.date | None = None) -> list[Child]:
    """The children this family member may see (the pupil themself first, then by first name), each with their
    age and current school. A pupil of 18 or older no longer shows for a parent: the checkpoint decides that."""
    today = today or timezone.localdate()
    links = (
        FamilyLink.objects.filter(user=user, pupil__in=Pupil.objects.for_user(user, "view").values("pk"))
        .select_related("pupil")
        .order_by("pupil__given_names", "pupil_id")
    )
    children = [
        Child(
            pupil=link.pupil,
            is_self=link.relation == Relation.PUPIL,
            legal_representative=link.relation == Relation.PUPIL or link.legal_representative,
            age=link.pupil.age_on(today),
        )
        for link in links
    ]
    by_pupil = {child.pupil.pk: child for child in children}
    # The school career through the checkpoint, narrowed to today's enrolments.
    enrolments = (
        Enrolment.objects.for_user(user, "view")
        .filter(pk__in=current_enrolments(pupil_id__in=list(by_pupil)).values("pk"))
        .select_related("organisation")
        .order_by("pupil_id", "-start_date")
    )
    for enrolment in enrolments:
        child = by_pupil[enrolment.pupil_id]
        if not child.school:
            child.school, child.group = enrolment.organisation.name, enrolment.group
    children.sort(key=lambda child: (not child.is_self, child.pupil.given_names, child.pupil.pk))
    return children


def allowed_on_children(user, children: list[Child], actions) -> dict[int, set[str]]:
    """Per child, which of these checkpoint actions on ``pupils.Pupil`` the reader may do, in one query."""
    actions = list(dict.fromkeys(actions))
    allowed: dict[int, set[str]] = {child.pupil.pk: set() for child in children}
    conditions = {action: condition(user, "pupils.Pupil", action) for action in actions}
    asked = {f"may_{number}": (action, q) for number, (action, q) in enumerate(conditions.items()) if q is not None}
    if not allowed or not asked:
        return allowed
    rows = (
        Pupil.objects.filter(pk__in=list(allowed))
        .annotate(**{name: Exists(Pupil.objects.filter(q, pk=OuterRef("pk"))) for name, (_a, q) in asked.items()})
        .values("pk", *asked)
    )
    for row in rows:
        allowed[row["pk"]] = {action for name, (action, _q) in asked.items() if row[name]}
    return allowed
