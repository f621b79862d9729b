"""Who reads and writes the doorstroomdossier.

It is the student's own: the student writes part A, signs it and chooses what the new school may read. The mentor,
the careers adviser (decaan) and the school's dossier owners (IB'er, zorgcoördinator) of the school where the
dossier is written, while the student is still there, write part B (the advice) and read it all. Parents and carers
with parental authority read it while the student is under 18, and agree where the student is under 16. Anybody
else sees nothing; the new school reads only the parts the student released, and only in the handover.
"""

from django.db.models import Q

from overstap.accounts.roles import DOSSIER_OWNER_ROLES, Role
from overstap.authz.actor import Actor
from overstap.authz.policy import rule
from overstap.organisations.models import VO_TYPES, OrganisationType
from overstap.pupils.models import FamilyLink, Relation
from overstap.pupils.scopes import acting_as_family, current_pupils, family_dossier

from .models import Status

# The school roles that guide a student towards the next school, and the schools a doorstroomdossier is written at.
GUIDING_ROLES = frozenset({*DOSSIER_OWNER_ROLES, Role.MENTOR, Role.DECAAN})
DOORSTROOM_SCHOOL_TYPES = frozenset({*VO_TYPES, OrganisationType.MBO})


def student_self(actor: Actor):
    """The pupil whose account this is (a subquery of pupil ids): the only one who writes part A and signs."""
    return FamilyLink.objects.filter(user=actor.user, relation=Relation.PUPIL).values("pupil_id")


def representatives_of(actor: Actor):
    """The pupils for whom this person is a parent or carer with parental authority (under 18)."""
    return (
        FamilyLink.objects.filter(pupil__in=family_dossier(actor), user=actor.user, legal_representative=True)
        .exclude(relation=Relation.PUPIL)
        .values("pupil_id")
    )


def _guides(actor: Actor) -> bool:
    return actor.role in GUIDING_ROLES and actor.organisation.type in DOORSTROOM_SCHOOL_TYPES


@rule("pupils.Pupil", "view_doorstroom")
def pupil_view_doorstroom(actor: Actor) -> Q | None:
    if acting_as_family(actor):
        return Q(pk__in=family_dossier(actor))
    if actor.membership is not None and _guides(actor):
        return Q(pk__in=current_pupils(actor.organisation))
    return None


@rule("pupils.Pupil", "start_doorstroom")
def pupil_start_doorstroom(actor: Actor) -> Q | None:
    # The student starts their own; the mentor or decaan may start it for them, to get them going.
    if acting_as_family(actor):
        return Q(pk__in=student_self(actor))
    if actor.membership is not None and _guides(actor):
        return Q(pk__in=current_pupils(actor.organisation))
    return None


@rule("doorstroom.Doorstroomdossier", "list", "view")
def dossier_view(actor: Actor) -> Q | None:
    if acting_as_family(actor):
        return Q(pupil__in=family_dossier(actor))
    if actor.membership is not None and actor.role in GUIDING_ROLES:
        return Q(school=actor.organisation, pupil__in=current_pupils(actor.organisation))
    return None


@rule("doorstroom.Doorstroomdossier", "write_a", "sign")
def dossier_student(actor: Actor) -> Q | None:
    if acting_as_family(actor):
        return Q(pupil__in=student_self(actor))
    return None


@rule("doorstroom.Doorstroomdossier", "write_b")
def dossier_write_b(actor: Actor) -> Q | None:
    if actor.membership is not None and actor.role in GUIDING_ROLES:
        return Q(school=actor.organisation, pupil__in=current_pupils(actor.organisation))
    return None


@rule("doorstroom.Doorstroomdossier", "agree")
def dossier_agree(actor: Actor) -> Q | None:
    # A legal representative agrees to what an under-16 student signed, while it waits for them.
    if acting_as_family(actor):
        return Q(pupil__in=representatives_of(actor), status=Status.WAITING_FOR_PARENT)
    return None
