"""Who convenes and takes part in an Overstaptafel, and the one access rule per pupil on it.

Convening (and keeping the list, the outcomes and the agreements): the SWV consultant at a samenwerkingsverband,
and leerplicht or the RMC at a municipality (seed 004: the SWV or the municipality organises the tafel, and
leerplicht must be at it). A policy officer works with figures, not with pupils, and does not convene.

Taking part: the staff of a participating organisation (or the convener) in a role that works with pupils at the
tafel: the schools' dossier owners and careers advisers, the SWV consultant, leerplicht, the RMC and the
overstapcoach. Mentors, policy officers and others do not see the tafel.

**One access rule per pupil on the tafel** (``table_pupil_view``): a participant sees a pupil's row only if their
organisation may see that pupil by the rules that already exist, asked of the same checkpoint, and nothing else:

- the pupil itself (``pupils.Pupil`` view: the school's own pupils, leerplicht's and the RMC's residents, the SWV
  that was asked for support, the coach's caseload);
- a move of the pupil (``transitions.TransitionCase`` view: the MBO the pupil is registered with, the sending
  school, the region's SWV consultant, leerplicht for a move without a place);
- a signal about the pupil (``monitoring.Signal`` view);
- or the tafel proposes the pupil to the participant's own school (``proposed_to``).

A participant who may not see a pupil gets neither the row nor a count that includes it (every count is taken from
the same authorised queryset); the row's own page answers 404.

Of each row they see, the fields are declared in ``FIELDS``: identity, place and the agreements for everyone who
sees the row; each signal as monitoring's rule allows; the support content (``support_note``) only with
``view_support``, which leerplicht and the RMC never get.
"""

from django.db.models import Q

from overstap.accounts.roles import ATTENDANCE_ROLES, DOSSIER_OWNER_ROLES, Role
from overstap.authz.actor import Actor
from overstap.authz.policy import as_actor, condition, filter_queryset, rule
from overstap.monitoring.models import Signal
from overstap.organisations.models import SWV_TYPES, Organisation, OrganisationType
from overstap.pupils.models import Pupil
from overstap.transitions.models import TransitionCase

from .models import OPEN_STATUSES, Overstaptafel, Participant, TablePupil

# Who may convene: (role, organisation types).
CONVENING_ROLES = {
    Role.SWV_CONSULENT: SWV_TYPES,
    Role.LEERPLICHT: frozenset({OrganisationType.GEMEENTE}),
    Role.RMC: frozenset({OrganisationType.GEMEENTE}),
}
TAKING_PART_ROLES = DOSSIER_OWNER_ROLES | {
    Role.DECAAN,
    Role.SWV_CONSULENT,
    Role.LEERPLICHT,
    Role.RMC,
    Role.OVERSTAPCOACH,
}

# The fields of a pupil on the tafel, by the action a reader needs for them (``visible_fields``).
FIELDS = {
    "identity": "view",  # name, date of birth, current school
    "place": "view",  # proposed to, the move and its status, outcome, next step
    "agreements": "view",  # what, who, by when, done
    "signals": "view",  # and then each signal only as far as monitoring's rule lets the reader see it
    "support": "view_support",  # the support the pupil needs at the next school, the kinds of support signal
}


def _convenes(actor: Actor) -> bool:
    return actor.membership is not None and actor.organisation.type in CONVENING_ROLES.get(actor.role, ())


def _takes_part(actor: Actor) -> bool:
    return actor.membership is not None and actor.role in TAKING_PART_ROLES


def _tafels_of(actor: Actor) -> Q:
    joined = Participant.objects.filter(organisation=actor.organisation).values("tafel_id")
    return Q(convener=actor.organisation) | Q(pk__in=joined)


@rule("organisations.Region", "convene_tafel")
def region_convene(actor: Actor) -> Q | None:
    # The regions the actor's organisation belongs to, for the roles that convene; a municipality also convenes in
    # the regions of the schools within it.
    if not _convenes(actor):
        return None
    own = Q(pk__in=actor.organisation.regions.values("pk"))
    if actor.organisation.type == OrganisationType.GEMEENTE:
        schools = Organisation.objects.filter(municipality=actor.organisation).values("pk")
        own |= Q(organisations__in=schools)
    return own


@rule("tables.Overstaptafel", "list", "view")
def tafel_view(actor: Actor) -> Q | None:
    if not _takes_part(actor):
        return None
    return _tafels_of(actor)


@rule("tables.Overstaptafel", "manage")
def tafel_manage(actor: Actor) -> Q | None:
    # The convener keeps the tafel: details, participants, the list of pupils, status and minutes.
    if not _convenes(actor):
        return None
    return Q(convener=actor.organisation)


def visible_pupils(actor: Actor):
    """The pupils this actor may see by the existing rules (pupil, move, signal): a subquery of pupil ids. Also the
    pupils a convener may add to a tafel by search."""
    parts = []
    pupils = condition(actor, "pupils.Pupil", "view")
    if pupils is not None:
        parts.append(Q(pk__in=Pupil.objects.filter(pupils).values("pk")))
    cases = condition(actor, "transitions.TransitionCase", "view")
    if cases is not None:
        parts.append(Q(pk__in=TransitionCase.objects.filter(cases).values("pupil_id")))
    signals = condition(actor, "monitoring.Signal", "view")
    if signals is not None:
        parts.append(Q(pk__in=Signal.objects.filter(signals).values("pupil_id")))
    if not parts:
        return Pupil.objects.none().values("pk")
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    return Pupil.objects.filter(combined).values("pk")


@rule("tables.TablePupil", "list", "view")
def table_pupil_view(actor: Actor) -> Q | None:
    """The one access rule per pupil on the tafel (see the module's docstring)."""
    if not _takes_part(actor):
        return None
    tafels = Overstaptafel.objects.filter(_tafels_of(actor)).values("pk")
    return Q(tafel__in=tafels) & (Q(pupil__in=visible_pupils(actor)) | Q(proposed_to=actor.organisation))


@rule("tables.TablePupil", "view_support")
def table_pupil_support(actor: Actor) -> Q | None:
    # Support content: never for leerplicht and the RMC, who see registration and place only.
    if actor.role in ATTENDANCE_ROLES:
        return None
    return table_pupil_view(actor)


@rule("tables.TablePupil", "edit")
def table_pupil_edit(actor: Actor) -> Q | None:
    # The convener writes the outcome, the next step and the agreements of the pupils it sees, while the tafel is
    # open; it can only write about a row it may see.
    seen = table_pupil_view(actor)
    if seen is None or not _convenes(actor):
        return None
    return seen & Q(tafel__convener=actor.organisation, tafel__status__in=OPEN_STATUSES, removed_at__isnull=True)


@rule("tables.Agreement", "list", "view")
def agreement_view(actor: Actor) -> Q | None:
    rows = condition(actor, "tables.TablePupil", "view")
    if rows is None:
        return None
    return Q(row__in=TablePupil.objects.filter(rows).values("pk"))


@rule("tables.Agreement", "complete")
def agreement_complete(actor: Actor) -> Q | None:
    # The owner organisation marks its agreement done, and so does the convener (who keeps the minutes).
    seen = agreement_view(actor)
    if seen is None:
        return None
    owner = Q(owner=actor.organisation)
    if _convenes(actor):
        owner |= Q(row__tafel__convener=actor.organisation)
    return seen & owner & Q(done_on__isnull=True)


def visible_fields(user, rows) -> dict[int, set[str]]:
    """Per row (of those the user sees), the field groups of ``FIELDS`` the user may read: one query per action."""
    actor = as_actor(user)
    pks = [row.pk for row in rows]
    by_action = {}
    for action in set(FIELDS.values()):
        allowed = filter_queryset(TablePupil.objects.filter(pk__in=pks), actor, action)
        by_action[action] = set(allowed.values_list("pk", flat=True))
    return {pk: {name for name, action in FIELDS.items() if pk in by_action[action]} for pk in pks}
