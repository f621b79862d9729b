"""Reads of Overstaptafels for a person: always through the checkpoint (``for_user``), so a row, a signal, an
agreement or a count never includes a pupil the reader may not see."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from overstap.authz.policy import as_actor
from overstap.monitoring.models import NOT_HANDLED, Signal
from overstap.organisations.models import Organisation, OrganisationType, Region
from overstap.pupils.models import Pupil
from overstap.pupils.scopes import current_enrolments

from .models import OPEN_STATUSES, Agreement, Overstaptafel, Status, TablePupil
from .rules import visible_fields, visible_pupils


def _visible_count(user):
    rows = (
        TablePupil.objects.for_user(user, "list")
        .filter(tafel=OuterRef("pk"), removed_at__isnull=True)
        .order_by()
        .values("tafel")
        .annotate(number=Count("pk"))
        .values("number")
    )
    return Coalesce(Subquery(rows), 0)


def tafels_for(user):
    """The tafels the user takes part in, each with the number of its pupils this user may see."""
    return (
        Overstaptafel.objects.for_user(user, "list")
        .select_related("convener", "region")
        .annotate(pupil_count=_visible_count(user))
    )


def upcoming_and_past(user) -> tuple[list, list]:
    today = timezone.localdate()
    tafels = list(tafels_for(user))
    upcoming = sorted(
        (t for t in tafels if t.held_on >= today and t.status in OPEN_STATUSES), key=lambda t: (t.held_on, t.pk)
    )
    past = [t for t in tafels if t not in upcoming]
    return upcoming, past


def rows_for(user, tafel, *, removed: bool = False):
    rows = TablePupil.objects.for_user(user, "view").filter(tafel=tafel, removed_at__isnull=not removed)
    return rows.select_related("pupil", "proposed_to")


def signals_by_pupil(user, pupil_ids) -> dict[int, list[Signal]]:
    """The open signals about these pupils that the user may see (monitoring's own rule)."""
    found: dict[int, list[Signal]] = {}
    signals = Signal.objects.for_user(user, "view").filter(pupil_id__in=pupil_ids, status__in=NOT_HANDLED)
    for signal in signals.order_by("due_on", "pk"):
        found.setdefault(signal.pupil_id, []).append(signal)
    return found


def agreements_by_row(user, row_ids) -> dict[int, list[Agreement]]:
    found: dict[int, list[Agreement]] = {}
    agreements = (
        Agreement.objects.for_user(user, "view")
        .filter(row_id__in=row_ids)
        .select_related("owner", "owner_person__user")
        .order_by("due_on", "pk")
    )
    for agreement in agreements:
        found.setdefault(agreement.row_id, []).append(agreement)
    return found


def schools_by_pupil(pupil_ids) -> dict[int, Organisation]:
    """The current school of each pupil (identity: part of what everyone who sees the row may read)."""
    found = {}
    enrolments = current_enrolments(pupil_id__in=pupil_ids).select_related("organisation").order_by("-start_date")
    for enrolment in enrolments:
        found.setdefault(enrolment.pupil_id, enrolment.organisation)
    return found


def table_view(user, tafel) -> list[dict]:
    """Everything the tafel page (and the minutes and export) shows per pupil, for this reader only: the rows they
    may see, and of each row the fields they may read (``rules.FIELDS``)."""
    rows = list(rows_for(user, tafel))
    pupil_ids = [row.pupil_id for row in rows]
    fields = visible_fields(user, rows)
    signals = signals_by_pupil(user, pupil_ids)
    agreements = agreements_by_row(user, [row.pk for row in rows])
    schools = schools_by_pupil(pupil_ids)
    today = timezone.localdate()
    items = []
    for row in rows:
        allowed = fields.get(row.pk, set())
        items.append(
            {
                "row": row,
                "fields": allowed,
                "school": schools.get(row.pupil_id),
                "signals": signals.get(row.pupil_id, []) if "signals" in allowed else [],
                "agreements": agreements.get(row.pk, []) if "agreements" in allowed else [],
                "support_note": row.support_note if "support" in allowed else "",
                "overdue": [a for a in agreements.get(row.pk, []) if a.done_on is None and a.due_on < today],
            }
        )
    return items


def participants_of(tafel):
    return tafel.participants.select_related("organisation")


def taking_part(tafel) -> list[Organisation]:
    """The convener and the participating organisations: who can own an agreement."""
    ids = [tafel.convener_id, *tafel.participants.values_list("organisation_id", flat=True)]
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def open_agreements_of(user):
    """The open agreements of the user's organisation, on tafels that stand, that the user may see."""
    actor = as_actor(user)
    if actor.membership is None:
        return Agreement.objects.none()
    return (
        Agreement.objects.for_user(user, "view")
        .filter(owner=actor.organisation, done_on__isnull=True, row__removed_at__isnull=True)
        .exclude(row__tafel__status=Status.CANCELLED)
        .select_related("row__pupil", "row__tafel")
        .order_by("due_on", "pk")
    )


def next_tafel(user):
    today = timezone.localdate()
    return tafels_for(user).filter(held_on__gte=today, status__in=OPEN_STATUSES).order_by("held_on", "pk").first()


def searchable_pupils(user, query: str):
    """Pupils the convener may see, by name: what "add a pupil" searches."""
    query = query.strip()
    if len(query) < 2:
        return Pupil.objects.none()
    found = Pupil.objects.filter(pk__in=visible_pupils(as_actor(user)))
    for word in query.split()[:3]:
        found = found.filter(
            Q(given_names__icontains=word) | Q(family_name__icontains=word) | Q(preferred_name__icontains=word)
        )
    return found.order_by("family_name", "given_names")[:20]


def regions_to_convene(user):
    return Region.objects.for_user(user, "convene_tafel").distinct()


# Organisations that serve a region without belonging to an SWV region themselves: the MBO and higher education,
# the municipalities, youth care.
REGION_WIDE_TYPES = (
    OrganisationType.MBO,
    OrganisationType.HBO,
    OrganisationType.GEMEENTE,
    OrganisationType.JEUGDHULP,
)


def region_organisations(regions):
    """The organisations that can take part in a tafel of these regions (or be proposed to)."""
    if isinstance(regions, Region):
        regions = [regions]
    return (
        Organisation.objects.filter(Q(regions__in=regions) | Q(type__in=REGION_WIDE_TYPES), active=True)
        .distinct()
        .order_by("type", "name")
    )


def completable_agreements(user, tafel) -> set[int]:
    """The ids of the tafel's agreements this user may mark done, in one query."""
    return set(Agreement.objects.for_user(user, "complete").filter(row__tafel=tafel).values_list("pk", flat=True))


def people_taking_part(tafel):
    """The people who can own an agreement: current staff of the taking-part organisations in a taking-part role."""
    from overstap.accounts.models import Membership

    from .rules import TAKING_PART_ROLES

    today = timezone.localdate()
    ids = [tafel.convener_id, *tafel.participants.values_list("organisation_id", flat=True)]
    return (
        Membership.objects.filter(organisation_id__in=ids, role__in=[r.value for r in TAKING_PART_ROLES])
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__first_name")
    )
