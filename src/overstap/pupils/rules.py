"""Who sees a pupil, their school career and their family's contact details.

Other apps add to these: the SWV route lets a samenwerkingsverband see the pupils it was asked about
(``support/rules.py``). Dossier actions on a pupil are declared by the dossier, consent and transition apps.
"""

from django.db.models import Q

from overstap.accounts.roles import (
    ATTENDANCE_ROLES,
    DOSSIER_OWNER_ROLES,
    DOSSIER_READER_ROLES,
    SCHOOL_ROLES,
    Role,
)
from overstap.authz.actor import Actor
from overstap.authz.policy import condition, rule
from overstap.organisations.models import EDUCATION_TYPES

from .models import Pupil
from .scopes import acting_as_family, attendance_pupils, current_pupils, family_dossier, family_pupils


@rule("pupils.Pupil", "list", "view")
def pupil_view(actor: Actor) -> Q | None:
    if acting_as_family(actor):
        return Q(pk__in=family_pupils(actor))
    if actor.role in SCHOOL_ROLES:
        return Q(pk__in=current_pupils(actor.organisation))
    if actor.role in ATTENDANCE_ROLES:
        # Registration and place only, of the residents they follow (by age and startkwalificatie); support
        # content has its own actions, which these roles never get.
        return Q(pk__in=attendance_pupils(actor))
    return None


@rule("pupils.Pupil", "view_audit")
def pupil_view_audit(actor: Actor) -> Q | None:
    # Who looked: the legal representatives and the pupil, and the dossier owners at the pupil's own school.
    if acting_as_family(actor):
        return Q(pk__in=family_dossier(actor))
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(pk__in=current_pupils(actor.organisation))
    return None


# Who registers a new pupil by hand at their own school, where no import brings the pupils in: the dossier owners
# (IB'er, care coordinator), and at a pre-school its pedagogical staff, who have no IB'er.
REGISTERING_ROLES = DOSSIER_OWNER_ROLES | {Role.VOORSCHOOL_MEDEWERKER}


@rule("organisations.Organisation", "add_pupil")
def organisation_add_pupil(actor: Actor) -> Q | None:
    # Only at one's own school or pre-school, never at another organisation.
    organisation = actor.organisation
    if actor.role in REGISTERING_ROLES and organisation is not None and organisation.type in EDUCATION_TYPES:
        return Q(pk=organisation.pk)
    return None


@rule("pupils.Pupil", "add_guardian")
def pupil_add_guardian(actor: Actor) -> Q | None:
    # The dossier owners of the current school record who the parents and carers are.
    if actor.role in DOSSIER_OWNER_ROLES:
        return Q(pk__in=current_pupils(actor.organisation))
    return None


def _family_readers(actor: Actor):
    # Who the family is and their contact details (recorded by the school, or an account of their own): the family
    # itself and the current school's staff who work with the pupil.
    if acting_as_family(actor):
        return family_dossier(actor)
    if actor.role in DOSSIER_READER_ROLES:
        return current_pupils(actor.organisation)
    return None


@rule("pupils.Guardian", "list", "view")
def guardian_view(actor: Actor) -> Q | None:
    pupils = _family_readers(actor)
    return None if pupils is None else Q(pupil__in=pupils)


@rule("pupils.Pupil", "view_family")
def pupil_view_family(actor: Actor) -> Q | None:
    # The same readers, asked about the pupil: the family members with an account of their own (family links).
    pupils = _family_readers(actor)
    return None if pupils is None else Q(pk__in=pupils)


@rule("pupils.Enrolment", "list", "view")
def enrolment_view(actor: Actor) -> Q | None:
    # The school career of every pupil the actor may see, from every part that lets them see the pupil.
    pupils = condition(actor, "pupils.Pupil", "view")
    if pupils is None:
        return None
    return Q(pupil__in=Pupil.objects.filter(pupils).values("pk"))


@rule("pupils.PupilImport", "view")
def pupil_import_view(actor: Actor) -> Q | None:
    # The school's own imports, for those who may register its pupils.
    organisation = actor.organisation
    if actor.role in REGISTERING_ROLES and organisation is not None and organisation.type in EDUCATION_TYPES:
        return Q(organisation=organisation)
    return None


@rule("pupils.PupilImport", "change")
def pupil_import_change(actor: Actor) -> Q | None:
    return pupil_import_view(actor)


@rule("pupils.Pupil", "change_registration")
def pupil_change_registration(actor: Actor) -> Q | None:
    # A pupil's registration at their current school (called name, a missing number), kept by those who register
    # its pupils; a connected school system acts in one of these roles.
    organisation = actor.organisation
    if actor.role in REGISTERING_ROLES and organisation is not None and organisation.type in EDUCATION_TYPES:
        return Q(pk__in=current_pupils(organisation))
    return None


@rule("pupils.Enrolment", "change")
def enrolment_change(actor: Actor) -> Q | None:
    # Group, programme and end of an enrolment at one's own school; never another school's.
    organisation = actor.organisation
    if actor.role in REGISTERING_ROLES and organisation is not None and organisation.type in EDUCATION_TYPES:
        return Q(organisation=organisation)
    return None
