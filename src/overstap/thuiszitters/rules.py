"""Who sees and works on the thuiszitters register.

- Leerplicht of the pupil's municipality follows the pupils it follows anyway (``pupils.scopes.attendance_pupils``)
  and every resident of compulsory school age: it reads the register and the route and acts on the route, but
  never reads what the support consists of.
- The samenwerkingsverband's consultant of the region of the pupil's school (for a pupil enrolled nowhere: of a
  school the pupil was enrolled at) shares the route with leerplicht: reads the register and acts on the route,
  support included.
- The pupil's own school (its dossier owners, by the current enrolment) records and ends absence reports, and reads
  the route of its own pupils, support included; it does not change the route.
- Nobody else: the register is not for families, youth care or other schools (they get 404).
"""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from overstap.accounts.roles import DOSSIER_OWNER_ROLES, Role
from overstap.authz.actor import Actor
from overstap.authz.policy import rule
from overstap.organisations.models import OrganisationType
from overstap.pupils.models import Enrolment, Pupil
from overstap.pupils.scopes import attendance_pupils, current_pupils

from .definition import compulsory_age

SHARING_ROLES = frozenset({Role.LEERPLICHT, Role.SWV_CONSULENT})


def _region_pupils(actor: Actor):
    """Pupils at a school in the SWV's region today; or enrolled at no school today and once at one there.

    Correlated (``Exists`` on the pupil row), not a list of the region's pupils: the register asks it only of the
    few pupils the definition counts, and a single pupil's page of one."""
    today = timezone.localdate()
    regions = actor.organisation.regions.values("pk")
    schools = Enrolment.objects.exclude(organisation__type=OrganisationType.VOORSCHOOL)
    now = schools.filter(start_date__lte=today).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    here_now = Exists(now.filter(pupil=OuterRef("pk"), organisation__regions__in=regions))
    anywhere_now = Exists(now.filter(pupil=OuterRef("pk")))
    once_here = Exists(schools.filter(pupil=OuterRef("pk"), organisation__regions__in=regions))
    return Q(here_now) | (Q(once_here) & ~Q(anywhere_now))


def _pupils(actor: Actor, *, school: bool) -> Q | None:
    if actor.membership is None:
        return None
    if actor.role == Role.LEERPLICHT:
        # The pupils it follows, and every resident of compulsory school age (to the end of the school year in
        # which they turn 16): exactly the pupils whose "at home" signal it owns.
        # The municipality comes first and on its own, so that the database starts from its residents.
        return Q(municipality=actor.organisation) & (
            Q(pk__in=attendance_pupils(actor)) | compulsory_age(timezone.localdate())
        )
    if actor.role == Role.SWV_CONSULENT and actor.organisation.type in (
        OrganisationType.SWV_PO,
        OrganisationType.SWV_VO,
    ):
        return _region_pupils(actor)
    if school and actor.role in DOSSIER_OWNER_ROLES:
        return Q(pk__in=current_pupils(actor.organisation))
    return None


@rule("pupils.Pupil", "view_route")
def pupil_view_route(actor: Actor) -> Q | None:
    # The register and the route page: leerplicht, the region's SWV and the pupil's own school.
    return _pupils(actor, school=True)


@rule("pupils.Pupil", "act_route")
def pupil_act_route(actor: Actor) -> Q | None:
    # Starting and changing the route: leerplicht and the SWV, who share it.
    return _pupils(actor, school=False)


@rule("pupils.Pupil", "record_absence")
def pupil_record_absence(actor: Actor) -> Q | None:
    # A school records the absence of its own pupil (its current enrolment).
    if actor.membership is not None and actor.role in DOSSIER_OWNER_ROLES:
        return Q(pk__in=current_pupils(actor.organisation))
    return None


def _on_pupils(condition: Q | None) -> Q | None:
    return None if condition is None else Q(pupil__in=Pupil.objects.filter(condition).values("pk"))


@rule("thuiszitters.Route", "list", "view")
def route_view(actor: Actor) -> Q | None:
    return _on_pupils(_pupils(actor, school=True))


@rule("thuiszitters.Route", "change")
def route_change(actor: Actor) -> Q | None:
    return _on_pupils(_pupils(actor, school=False))


@rule("pupils.Pupil", "view_route_support")
def pupil_view_route_support(actor: Actor) -> Q | None:
    # What the support of the route consists of: the SWV and the school, never leerplicht.
    if actor.role == Role.LEERPLICHT:
        return None
    return _pupils(actor, school=True)


@rule("thuiszitters.AbsenceReport", "list", "view")
def absence_view(actor: Actor) -> Q | None:
    # Everyone who reads the register reads the absences behind it.
    return _on_pupils(_pupils(actor, school=True))


@rule("thuiszitters.AbsenceReport", "end")
def absence_end(actor: Actor) -> Q | None:
    # The school that recorded it ends it, while the pupil is still its own.
    if actor.membership is not None and actor.role in DOSSIER_OWNER_ROLES:
        return Q(school=actor.organisation, pupil__in=current_pupils(actor.organisation))
    return None
