"""Who reads the regional dashboard, over which region, and who may go from a figure to the pupils behind it.

- The policy officer (beleid) of a samenwerkingsverband reads its region: the moves from or to the schools of its
  SWV region(s), the signals about those moves, and the signals without a move of the pupils who are (or in the
  past year were) enrolled at those schools.
- The policy officer of a municipality reads its residents: the moves and signals of the pupils living there.
- Leerplicht of a municipality reads the municipality's dashboard too, and may go from a figure about place and
  attendance (without a place, at home, no-show) to the pupils behind it: that list is the signal worklist of the
  checkpoint (``monitoring.Signal`` ``list``), so it shows exactly the pupils leerplicht may see anyway.
- Nobody else. The policy officer is aggregate-only: never a pupil, and counts under 5 hidden (``suppression.py``).

Leerplicht's figures of now are its own: counted through its signal list (``leerplicht_actor``, the same rule as the
drill-down), so they are made only of pupils it may see and are shown exactly. The other figures (handovers,
placement, continuity, feedback) count moves leerplicht does not follow, so it reads them as the policy officer
does: the owner's figures, small counts hidden.

The ``aggregate`` action is what the figures are counted through: the same checkpoint as every list, asked for the
dashboard's owner (``aggregate_actor``), so a figure and the list behind it can never follow different rules.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from overstap.accounts.models import Membership
from overstap.accounts.roles import Role
from overstap.authz.actor import Actor
from overstap.authz.policy import rule
from overstap.organisations.models import SWV_TYPES, Organisation, OrganisationType
from overstap.pupils.models import Enrolment
from overstap.transitions.models import TransitionCase

DASHBOARD_ORGANISATION_TYPES = frozenset({*SWV_TYPES, OrganisationType.GEMEENTE})
# A pupil without a move counts for an SWV while enrolled at one of its schools, or for a year after leaving it.
RECENT_DAYS = 365
LEERPLICHT_AUDIENCE = "leerplicht"
# The figures of now (``figures.NOW``), the ones leerplicht counts for itself.
NOW_METRICS = ("zonder_plek", "thuiszitters", "no_show")


def has_dashboard(organisation) -> bool:
    return organisation is not None and organisation.type in DASHBOARD_ORGANISATION_TYPES


def reads_dashboard(actor: Actor) -> bool:
    """A policy officer at an SWV or a municipality, or leerplicht at a municipality."""
    if actor.membership is None or not has_dashboard(actor.organisation):
        return False
    if actor.role == Role.BELEID:
        return True
    return actor.role == Role.LEERPLICHT and actor.organisation.type == OrganisationType.GEMEENTE


def drills_down(actor: Actor) -> bool:
    return reads_dashboard(actor) and actor.role == Role.LEERPLICHT


def aggregate_only(actor: Actor) -> bool:
    return reads_dashboard(actor) and not drills_down(actor)


def aggregate_actor(organisation) -> Actor:
    """The dashboard's owner as the checkpoint sees it: a policy officer of this organisation (nobody in
    particular). The figures are counted for this actor."""
    return Actor(None, Membership(organisation=organisation, role=Role.BELEID))


def leerplicht_actor(organisation) -> Actor | None:
    """Leerplicht of this municipality as the checkpoint sees it (nobody in particular), or ``None`` when the
    organisation is no municipality. Leerplicht's figures of now are counted for this actor."""
    if organisation.type != OrganisationType.GEMEENTE:
        return None
    return Actor(None, Membership(organisation=organisation, role=Role.LEERPLICHT))


def region_schools(organisation):
    return Organisation.objects.filter(regions__in=organisation.regions.values("pk")).values("pk")


def _is_swv(actor: Actor) -> bool:
    return actor.organisation.type in SWV_TYPES


def _counts(actor: Actor) -> bool:
    return actor.role == Role.BELEID and has_dashboard(actor.organisation)


def region_cases(actor: Actor):
    """The moves of the dashboard's region, as a subquery of case ids."""
    if _is_swv(actor):
        schools = region_schools(actor.organisation)
        return TransitionCase.objects.filter(Q(from_organisation__in=schools) | Q(to_organisation__in=schools)).values(
            "pk"
        )
    return TransitionCase.objects.filter(pupil__municipality=actor.organisation).values("pk")


@rule("transitions.TransitionCase", "aggregate")
def case_aggregate(actor: Actor) -> Q | None:
    if not _counts(actor):
        return None
    return Q(pk__in=region_cases(actor))


@rule("transitions.Feedback", "aggregate")
def feedback_aggregate(actor: Actor) -> Q | None:
    if not _counts(actor):
        return None
    return Q(case__in=region_cases(actor))


@rule("monitoring.Signal", "aggregate")
def signal_aggregate(actor: Actor) -> Q | None:
    if not _counts(actor):
        return None
    if not _is_swv(actor):
        return Q(pupil__municipality=actor.organisation)
    since = timezone.localdate() - datetime.timedelta(days=RECENT_DAYS)
    schools = region_schools(actor.organisation)
    at_schools = Enrolment.objects.filter(organisation__in=schools).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=since)
    )
    return Q(case__in=region_cases(actor)) | Q(case__isnull=True, pupil__in=at_schools.values("pupil_id"))


@rule("dashboard.Figure", "list", "view")
def figure_view(actor: Actor) -> Q | None:
    if not reads_dashboard(actor):
        return None
    if drills_down(actor):
        own = Q(audience=LEERPLICHT_AUDIENCE)
        return Q(scope=actor.organisation) & (own | (Q(audience="") & ~Q(metric__in=NOW_METRICS)))
    return Q(scope=actor.organisation, audience="")


@rule("dashboard.Pattern", "list")
def pattern_view(actor: Actor) -> Q | None:
    """The pattern of hidden cells goes with the figures: a reader sees the pattern of the figures they see."""
    return figure_view(actor)


@rule("dashboard.Figure", "drill_down")
def figure_drill_down(actor: Actor) -> Q | None:
    if not drills_down(actor):
        return None
    return Q(scope=actor.organisation)


@rule("dashboard.BuiltPage", "view")
def built_page_view(actor: Actor) -> Q | None:
    """A page built ahead is its reader's: the organisation and role it was built for, and nobody else's."""
    if not reads_dashboard(actor):
        return None
    return Q(organisation=actor.organisation, role=actor.role)
