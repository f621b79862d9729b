"""Scopes the rules of every app build on: which pupils an organisation has now, which pupils a family member may
see. They are subqueries (``values("pupil_id")``), so a rule that uses them keeps its list distinct and its page one
query. They live here, with the enrolments and family links they read, because the checkpoint imports no domain."""

from django.db.models import Q
from django.utils import timezone

from overstap.accounts.roles import Role

from .models import Enrolment, FamilyLink, Pupil, Relation


def current_enrolments(**filters):
    today = timezone.localdate()
    return Enrolment.objects.filter(start_date__lte=today, **filters).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def current_pupils(organisation):
    """The pupils enrolled at this organisation today."""
    return current_enrolments(organisation=organisation).values("pupil_id")


def birthday_cutoff(years: int, day=None):
    """Born after this date means younger than ``years`` on ``day`` (today when not given)."""
    day = day or timezone.localdate()
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def family_pupils(actor, *, representatives_only: bool = False, sensitive: bool = False):
    """The pupils this family member may see: the pupil always sees themselves; parents and carers only while the
    pupil is under 18, for dossier content only as legal representative, and for sensitive content only under 16."""
    others = ~Q(relation=Relation.PUPIL) & Q(pupil__birth_date__gt=birthday_cutoff(18))
    if representatives_only:
        others &= Q(legal_representative=True)
    if sensitive:
        others &= Q(pupil__birth_date__gt=birthday_cutoff(16))
    links = FamilyLink.objects.filter(user=actor.user).filter(Q(relation=Relation.PUPIL) | others)
    return links.values("pupil_id")


def family_dossier(actor):
    """The pupils whose dossier this family member reads: as the pupil, or as a legal representative."""
    return family_pupils(actor, representatives_only=True)


def rights_pupils(actor):
    """The pupils for whom this family member exercises the pupil's privacy rights (AVG: access, a copy, a
    correction): a legal representative while the pupil is under 16, the pupil themself from their 16th birthday,
    the same split as for consent. A subquery of pupil ids."""
    sixteen = birthday_cutoff(16)
    links = FamilyLink.objects.filter(user=actor.user).filter(
        Q(relation=Relation.PUPIL, pupil__birth_date__lte=sixteen)
        | (~Q(relation=Relation.PUPIL) & Q(legal_representative=True, pupil__birth_date__gt=sixteen))
    )
    return links.values("pupil_id")


def inzage_pupils(actor):
    """The pupils whose school report this family member reads before it goes and answers on (inzage): a legal
    representative, and the pupil themself from their 16th birthday. A younger pupil reads it, the parents
    answer. A subquery of pupil ids."""
    sixteen = birthday_cutoff(16)
    links = FamilyLink.objects.filter(user=actor.user).filter(
        Q(relation=Relation.PUPIL, pupil__birth_date__lte=sixteen)
        | (~Q(relation=Relation.PUPIL) & Q(legal_representative=True))
    )
    return links.values("pupil_id")


def attendance_pupils(actor):
    """The pupils whose place and attendance this leerplicht or RMC officer follows: those living in their
    municipality; for leerplicht those under 16 (compulsory education) and those of 16 and 17 without a
    startkwalificatie (the qualification duty); for the RMC those from 18 up to 23 without a startkwalificatie.
    A subquery of pupil ids; nothing for other roles."""
    lives_here = Pupil.objects.filter(municipality=actor.organisation)
    unqualified = Q(startkwalificatie_on__isnull=True)
    if actor.role == Role.LEERPLICHT:
        under_16 = Q(birth_date__gt=birthday_cutoff(16))
        return lives_here.filter(birth_date__gt=birthday_cutoff(18)).filter(under_16 | unqualified).values("pk")
    if actor.role == Role.RMC:
        adult = Q(birth_date__lte=birthday_cutoff(18), birth_date__gt=birthday_cutoff(23))
        return lives_here.filter(adult & unqualified).values("pk")
    return Pupil.objects.none().values("pk")


def acting_as_family(actor) -> bool:
    """Signed in, and acting as a family member rather than in a membership of an organisation."""
    return actor.membership is None and actor.is_authenticated


def speaks_to_pupil(user, pupil) -> bool:
    """Whether the person reading about this child is the child: a page for the family then says "je" instead of
    "u" and speaks of "your school" rather than "your child's school"."""
    return FamilyLink.objects.filter(user=user, pupil=pupil, relation=Relation.PUPIL).exists()
