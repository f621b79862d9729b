import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from overstap.accounts.roles import Role
from overstap.accounts.templatetags.roles import role_name
from overstap.audit.models import Action, AuditEvent
from overstap.core import labels

from .models import Enrolment, FamilyLink, Guardian, GuardianRelation, Pupil, PupilImport, Relation

MAX_QUERY_LENGTH = 100
MAX_QUERY_WORDS = 5


def pupils_for(user, *, query: str = "") -> QuerySet[Pupil]:
    """The pupils this user may list, optionally narrowed by a search on name or education number."""
    pupils = Pupil.objects.for_user(user, "list")
    query = query.strip()[:MAX_QUERY_LENGTH]
    if query:
        condition = Q()
        for word in query.split()[:MAX_QUERY_WORDS]:
            condition &= (
                Q(given_names__icontains=word)
                | Q(preferred_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(onderwijsnummer=word)
            )
        pupils = pupils.filter(condition)
    return pupils.order_by("family_name", "given_names", "pk")


def school_career(user, pupil: Pupil) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.for_user(user, "view")
        .filter(pupil=pupil)
        .select_related("organisation")
        .order_by("start_date")
    )


# --- Who looked -------------------------------------------------------------------------------------------------

FAMILY = "gezin"  # the organisation filter's value for the family, who act without an organisation
SYSTEM = "overstap"  # and for Overstap itself: the daily checks that raise and close signals, with nobody acting


@dataclass(frozen=True)
class Look:
    """One line of the who-looked page, in words: nothing of it is a stored code."""

    at: datetime.datetime
    who: str
    role: str
    what: str
    part: str
    basis: str
    refused: bool
    # For the family's page: the role in words a parent understands, and the basis as a sentence.
    role_plain: str = ""
    basis_plain: str = ""
    part_plain: str = ""


# What each role does, in the words of a parent or a pupil (the family's who-looked page).
ROLE_PLAIN = {
    Role.IB: gettext_lazy("internal support coordinator (IB'er): arranges extra help at school"),
    Role.ZORGCOORDINATOR: gettext_lazy("care coordinator: arranges extra help at school"),
    Role.MENTOR: gettext_lazy("mentor or teacher"),
    Role.DECAAN: gettext_lazy("careers adviser: helps choosing a study or school"),
    Role.VOORSCHOOL_MEDEWERKER: gettext_lazy("staff member of the pre-school"),
    Role.JGZ: gettext_lazy("youth health care (JGZ): the school doctor or nurse"),
    Role.SWV_CONSULENT: gettext_lazy("adviser of the samenwerkingsverband: helps find the right support or school"),
    Role.ORTHOPEDAGOOG: gettext_lazy("remedial educationalist: an expert in learning and behaviour"),
    Role.TLV_COMMISSIE: gettext_lazy(
        "committee of the samenwerkingsverband that decides about special education (TLV)"
    ),
    Role.LEERPLICHT: gettext_lazy("leerplicht officer of the municipality: checks that every child goes to school"),
    Role.RMC: gettext_lazy("RMC officer of the municipality: helps young people without a diploma"),
    Role.JEUGDHULP: gettext_lazy("youth care worker"),
    Role.OVERSTAPCOACH: gettext_lazy("transition coach: helps during the first months at the new school"),
    Role.BELEID: gettext_lazy("policy officer: sees only numbers, never names"),
    Role.FUNCTIONEEL_BEHEERDER: gettext_lazy("manages Overstap for the organisation"),
    Role.PRIVACY: gettext_lazy("privacy officer: checks that data is handled carefully"),
}


def _role_plain(code: str) -> str:
    if code == "family":
        return gettext("family: a parent, a carer or the pupil")
    word = ROLE_PLAIN.get(code)
    return str(word) if word is not None else role_name(code)


def _part_plain_of(event: AuditEvent) -> str:
    if event.object_type == "pupils.Pupil" and (event.detail or {}).get("page") == "audit":
        return gettext("this list of who looked")
    return _part_of(event)


def _basis_plain_of(event: AuditEvent) -> str:
    if event.legal_basis:
        return labels.basis_plain(event.legal_basis)
    if event.role == "family":
        return gettext("Family members may always see their own data.")
    if _by_system(event):
        return gettext("Overstap checks deadlines by itself, as the schools in the region agreed.")
    return gettext("It is part of the work of this school or organisation for the move to a new school.")


@dataclass
class LookGroup:
    day: datetime.date
    organisation: str
    looks: list[Look] = field(default_factory=list)


def _part_of(event: AuditEvent) -> str:
    if event.object_type == "pupils.Pupil":
        detail = event.detail or {}
        if detail.get("page") == "audit":
            return gettext("who looked at this pupil's data")
        # A refusal is recorded on the pupil with the action that was refused: that says which part was tried.
        tried = labels.pupil_action(detail.get("action", "")) if event.action == Action.DENIED else None
        if tried:
            return tried
    return labels.part(event.object_type)


def _basis_of(event: AuditEvent) -> str:
    if event.legal_basis:
        return labels.basis(event.legal_basis)
    if event.role == "family":
        return gettext("their own data, as family")
    if _by_system(event):
        return gettext("the checks of deadlines and signals that the region agreed")
    return gettext("the task of their organisation for this pupil")


def _by_system(event: AuditEvent) -> bool:
    return event.actor_id is None and not event.role


def _organisation_of(event: AuditEvent) -> str:
    if event.organisation_name:
        return event.organisation_name
    if _by_system(event):
        return gettext("Overstap itself (automatic)")
    return gettext("Family (parents, carers, the pupil)")


def _is_part(words: str) -> Q:
    """The events whose part (as ``_part_of`` names it) has these words, as a filter on the stored codes.

    Only positive tests on the JSON detail, or a key that is missing: a negated test on a missing key is unknown
    in SQL, which would drop the row.
    """
    on_pupil = Q(object_type="pupils.Pupil")
    refused = on_pupil & Q(action=Action.DENIED)
    audit_page = on_pupil & Q(detail__page="audit")
    tried = labels.pupil_actions()
    tried_here = refused & Q(detail__action__in=[action for action, word in tried.items() if word == words])
    if words == gettext("who looked at this pupil's data"):
        return audit_page | tried_here
    others = Q(object_type__in=[c for c, word in labels.parts().items() if word == words and c != "pupils.Pupil"])
    if labels.part("pupils.Pupil") != words:
        return others | tried_here
    not_audit = Q(detail__page__isnull=True) | ~Q(detail__page="audit")
    page_reads = on_pupil & ~Q(action=Action.DENIED) & not_audit
    untried = refused & (Q(detail__action__isnull=True) | ~Q(detail__action__in=list(tried)))
    return others | page_reads | tried_here | untried


def audit_events(user, pupil: Pupil, *, part: str = "", organisation: str = "", refused_only: bool = False):
    """The pupil's trail as this user may read it, newest first, narrowed by the page's filter.

    ``part`` is the words of a part (several models can share them), ``organisation`` an organisation id,
    ``FAMILY`` or ``SYSTEM``.
    """
    events = AuditEvent.objects.filter(pupil_id=pupil.pk).exclude(action=Action.LIST)
    if getattr(user, "acting_membership", None) is None:
        # Breaking confidentiality for a child's safety is not shown to the family: it could alert the very
        # person the child needs protecting from. The privacy officer reviews it instead.
        events = events.exclude(legal_basis__startswith="doorbreking").exclude(object_type="consent.BreakGlass")
    if part:
        events = events.filter(_is_part(part))
    if organisation == FAMILY:
        events = events.filter(role="family")
    elif organisation == SYSTEM:
        events = events.filter(actor_id__isnull=True, role="")
    elif organisation.isdigit():
        events = events.filter(organisation_id=int(organisation))
    if refused_only:
        events = events.filter(action=Action.DENIED)
    return events.order_by("-at", "-id")


def audit_filter_choices(user, pupil: Pupil) -> dict:
    """What the filter offers: the parts and organisations that occur in this pupil's trail."""
    events = audit_events(user, pupil)
    # A few distinct codes, not every event: the trail of a pupil grows long.
    refused_on_pupil = events.filter(object_type="pupils.Pupil", action=Action.DENIED)
    words = {
        labels.part(code)
        for code in events.exclude(object_type="pupils.Pupil").values_list("object_type", flat=True).distinct()
    }
    page_reads = events.filter(object_type="pupils.Pupil").exclude(action=Action.DENIED)
    if page_reads.filter(Q(detail__page__isnull=True) | ~Q(detail__page="audit")).exists():
        words.add(labels.part("pupils.Pupil"))
    if events.filter(object_type="pupils.Pupil", detail__page="audit").exists():
        words.add(gettext("who looked at this pupil's data"))
    for action in refused_on_pupil.values_list("detail__action", flat=True).distinct():
        words.add(labels.pupil_action(action or "") or labels.part("pupils.Pupil"))
    parts = sorted(words)
    organisations = sorted(
        {(str(pk), name) for pk, name in events.values_list("organisation_id", "organisation_name").distinct() if pk},
        key=lambda pair: pair[1],
    )
    if events.filter(role="family").exists():
        organisations.append((FAMILY, gettext("Family (parents, carers, the pupil)")))
    if events.filter(actor_id__isnull=True, role="").exists():
        organisations.append((SYSTEM, gettext("Overstap itself (automatic)")))
    return {"parts": parts, "organisations": organisations}


def grouped_looks(events) -> list[LookGroup]:
    """Events (newest first) as lines in words, grouped per day and, within the day, per organisation."""
    groups: dict[tuple, LookGroup] = {}
    for event in events:
        day = timezone.localtime(event.at).date()
        organisation = _organisation_of(event)
        group = groups.setdefault((day, organisation), LookGroup(day, organisation))
        refused = event.action == Action.DENIED
        group.looks.append(
            Look(
                at=event.at,
                who=event.actor_name
                or (gettext("Overstap") if _by_system(event) else gettext("someone not signed in")),
                role=role_name(event.role),
                what=str(Action(event.action).label) if event.action in Action.values else gettext("did something"),
                part=_part_of(event),
                basis=_basis_of(event),
                refused=refused,
                role_plain=_role_plain(event.role),
                part_plain=_part_plain_of(event),
                basis_plain=_basis_plain_of(event),
            )
        )
    # Within a day, organisations in the order of their latest line; days newest first.
    return list(groups.values())


# --- The family on the pupil page -------------------------------------------------------------------------------


@dataclass
class FamilyMember:
    name: str
    relation: str
    legal_representative: bool
    has_account: bool
    lives_with_pupil: bool = True
    phone: str = ""
    email: str = ""


def family_of(user, pupil: Pupil, *, may_view_family: bool) -> list[FamilyMember]:
    """The parents and guardians the school recorded and, when the user may see them, the family members with an
    account of their own (a parent who writes in the dossier is a parent, recorded or not). A recorded guardian with
    the same e-mail address or name as an account is one person, shown once."""
    members = [
        FamilyMember(
            name=guardian.name,
            relation=guardian.get_relation_display(),
            legal_representative=guardian.legal_representative,
            has_account=False,
            lives_with_pupil=guardian.lives_with_pupil,
            phone=guardian.phone,
            email=guardian.email,
        )
        for guardian in Guardian.objects.for_user(user, "list").filter(pupil=pupil)
    ]
    if not may_view_family:
        return members
    links = (
        FamilyLink.objects.filter(pupil=pupil)
        .exclude(relation=Relation.PUPIL)
        .select_related("user")
        .order_by("-legal_representative", "user__last_name", "user__first_name", "pk")
    )
    for link in links:
        name, email = str(link.user), (link.user.email or "").casefold()
        same = next(
            (m for m in members if (email and m.email.casefold() == email) or m.name.casefold() == name.casefold()),
            None,
        )
        if same is not None:
            same.has_account = True
            same.legal_representative = same.legal_representative or link.legal_representative
            continue
        members.append(
            FamilyMember(
                name=name,
                # The same words as for a recorded guardian ("Ouder", "Verzorger").
                relation=GuardianRelation(link.relation).label,
                legal_representative=link.legal_representative,
                has_account=True,
                email=link.user.email or "",
            )
        )
    return members


def imports_for(user, organisation, limit: int = 20):
    """The school's latest pupil-list imports (no personal data: file name, who, when, counts)."""
    return PupilImport.objects.for_user(user, "view").filter(organisation=organisation)[:limit]
