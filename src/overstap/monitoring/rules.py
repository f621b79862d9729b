"""Who sees and acts on signals.

- The owner: at a school any of its dossier owners, elsewhere the owner role (leerplicht, the SWV consultant) at the
  owner organisation, sees, records and handles. Youth-care signals only while the family's consent for youth-care
  information to that school stands (the rule of ``dossiers.YouthCare``).
- The school that sent the case sees the signals about it (not the youth-care ones of another school).
- Leerplicht and RMC see the attendance kinds (no place, no-show, at home, not placed) of the pupils they follow
  (living in their municipality; under 18 for leerplicht, 18 up to 23 for the RMC) and record contacts and
  agreements on them; the cause is written for them, with no support or health content. Leerplicht handles those
  it owns.
- The SWV consultant sees its region's signals (not youth care, not a school's unanswered correction request) and
  handles those it owns.
- A youth-care worker sees the youth-care signals (help ending at a move, or at 18 with no decision for after) of
  the pupils whose family gave consent for youth-care information to the worker's organisation.
"""

from django.db.models import Q
from django.utils import timezone

from overstap.accounts.roles import ATTENDANCE_ROLES, DOSSIER_OWNER_ROLES, Role
from overstap.authz.actor import Actor
from overstap.authz.policy import rule
from overstap.consent.categories import Category
from overstap.consent.models import Consent
from overstap.organisations.models import Organisation
from overstap.pupils.scopes import attendance_pupils
from overstap.transitions.models import TransitionCase

from .models import ATTENDANCE_KINDS, SCHOOL_ONLY_KINDS, YOUTH_CARE_KINDS

_ATTENDANCE = [k.value for k in ATTENDANCE_KINDS]
_YOUTH_CARE = [k.value for k in YOUTH_CARE_KINDS]
_SCHOOL_ONLY = [k.value for k in SCHOOL_ONLY_KINDS]


def _consented(actor: Actor):
    return Consent.objects.filter(
        category=Category.JEUGDHULP,
        recipient=actor.organisation,
        withdrawn_at__isnull=True,
        given_at__lte=timezone.now(),
    ).values("pupil_id")


def _owned(actor: Actor) -> Q | None:
    if actor.membership is None:
        return None
    if actor.role in DOSSIER_OWNER_ROLES:
        owned = Q(owner=actor.organisation, owner_role__in=[r.value for r in DOSSIER_OWNER_ROLES])
        return owned & (~Q(kind__in=_YOUTH_CARE) | Q(pupil__in=_consented(actor)))
    return Q(owner=actor.organisation, owner_role=actor.role)


def _region_organisations(actor: Actor):
    return Organisation.objects.filter(regions__in=actor.organisation.regions.values("pk")).values("pk")


@rule("monitoring.Signal", "list", "view")
def signal_view(actor: Actor) -> Q | None:
    owned = _owned(actor)
    if owned is None:
        return None
    if actor.role in DOSSIER_OWNER_ROLES:
        # The cases the school sent, as a subquery: a join on the case would make the database read every signal.
        sent = TransitionCase.objects.filter(from_organisation=actor.organisation).values("pk")
        return owned | (Q(case__in=sent) & ~Q(kind__in=_YOUTH_CARE))
    if actor.role in ATTENDANCE_ROLES:
        return owned | Q(kind__in=_ATTENDANCE, pupil__in=attendance_pupils(actor))
    if actor.role == Role.JEUGDHULP:
        # Youth care whose help ends at a move or at 18, for the families who gave their consent for youth-care
        # information to this provider; a withdrawal closes it at the next request.
        return owned | Q(kind__in=_YOUTH_CARE, pupil__in=_consented(actor))
    if actor.role == Role.SWV_CONSULENT:
        region = _region_organisations(actor)
        return owned | (
            (Q(owner__in=region) | Q(case__from_organisation__in=region) | Q(case__to_organisation__in=region))
            & ~Q(kind__in=[*_YOUTH_CARE, *_SCHOOL_ONLY])
        )
    return owned


@rule("monitoring.Signal", "handle")
def signal_handle(actor: Actor) -> Q | None:
    # Only the owner takes a signal on, hands it back or closes it.
    return _owned(actor)


@rule("monitoring.Signal", "record")
def signal_record(actor: Actor) -> Q | None:
    # The owner records what was done; leerplicht and RMC record contacts and agreements on attendance signals.
    owned = _owned(actor)
    if owned is None:
        return None
    if actor.role in ATTENDANCE_ROLES:
        return owned | Q(kind__in=_ATTENDANCE, pupil__in=attendance_pupils(actor))
    return owned
