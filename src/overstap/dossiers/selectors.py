"""Reads of the dossier that pages share. Each goes through the rule set (``for_user``); none writes."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import ENTRY_CATEGORIES, CorrectionRequest, CorrectionStatus, Entry, IntegralPlan, Opp

# How many entries one dossier page shows. A dossier of hundreds of entries is read page by page, so the page and its
# audit row stay the same size however long the pupil's history is.
DOSSIER_PAGE_SIZE = 25


def entries_for(user, pupil) -> QuerySet[Entry]:
    """The dossier entries of this pupil that the user may read, with the organisation that wrote them."""
    return Entry.objects.for_user(user, "list").filter(pupil=pupil).select_related("organisation")


def correctable_entries(user, pupil, among=None) -> set[int]:
    """The ids of this pupil's entries the user may ask the school to correct or add to (a family member only);
    with ``among`` (ids), only those of them."""
    entries = Entry.objects.for_user(user, "request_correction").filter(pupil=pupil)
    if among is not None:
        entries = entries.filter(pk__in=among)
    return set(entries.values_list("pk", flat=True))


def _current_q(today: datetime.date) -> Q:
    # The database form of ``Entry.is_current``.
    return Q(closed_at__isnull=True) & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))


def parse_cursor(value: str | None) -> tuple[datetime.date, int] | None:
    """A page boundary from the address (``2026-03-01.412``: the date and id of an entry), or ``None`` when it is
    missing or not one; a wrong cursor shows the first page instead of an error."""
    if not value or "." not in value:
        return None
    day, _, pk = value.partition(".")
    try:
        return datetime.date.fromisoformat(day), int(pk)
    except ValueError:
        return None


def _cursor(entry: Entry) -> str:
    return f"{entry.recorded_on.isoformat()}.{entry.pk}"


def _newer_than(key: tuple[datetime.date, int]) -> Q:
    day, pk = key
    return Q(recorded_on__gt=day) | Q(recorded_on=day, pk__gt=pk)


def _older_than(key: tuple[datetime.date, int]) -> Q:
    day, pk = key
    return Q(recorded_on__lt=day) | Q(recorded_on=day, pk__lt=pk)


@dataclass
class DossierPage:
    """One page of a pupil's dossier as this user may read it: the entries, newest first, and where it is."""

    entries: list[Entry]
    number: int
    num_pages: int
    total: int
    newer_cursor: str | None = None
    older_cursor: str | None = None
    # Per category: how many entries the whole dossier has (current, closed), for "nothing recorded (3 closed)".
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.newer_cursor is not None

    @property
    def has_next(self) -> bool:
        return self.older_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1


def dossier_page(
    user, pupil, *, show_closed: bool = False, after: str | None = None, before: str | None = None
) -> DossierPage:
    """One page of the dossier, by keyset on (date, id): ``after`` a cursor gives the entries older than it,
    ``before`` one the entries newer than it. Two queries whatever the size of the dossier: one that counts (the
    total, the entries before this page, and per category), one that reads the page."""
    today = timezone.localdate()
    readable = entries_for(user, pupil)
    visible = Q() if show_closed else _current_q(today)
    after_key, before_key = parse_cursor(after), parse_cursor(before)
    current = _current_q(today)
    aggregates = {
        "total": Count("pk", filter=visible),
        **{f"current_{c}": Count("pk", filter=current & Q(category=c)) for c in ENTRY_CATEGORIES},
        **{f"closed_{c}": Count("pk", filter=~current & Q(category=c)) for c in ENTRY_CATEGORIES},
    }
    if after_key is not None:
        # Everything not older than the cursor comes before this page (the cursor is the last entry of the page
        # before).
        aggregates["newer"] = Count("pk", filter=visible & ~_older_than(after_key))
    elif before_key is not None:
        aggregates["newer"] = Count("pk", filter=visible & _newer_than(before_key))
    figures = readable.order_by().aggregate(**aggregates)
    rows = readable.filter(visible)
    if after_key is not None:
        entries = list(rows.filter(_older_than(after_key)).order_by("-recorded_on", "-pk")[:DOSSIER_PAGE_SIZE])
        newer = figures["newer"]
    elif before_key is not None:
        entries = list(rows.filter(_newer_than(before_key)).order_by("recorded_on", "pk")[:DOSSIER_PAGE_SIZE])
        entries.reverse()
        newer = figures["newer"] - len(entries)
    else:
        entries = list(rows.order_by("-recorded_on", "-pk")[:DOSSIER_PAGE_SIZE])
        newer = 0
    total = figures["total"]
    num_pages = max(1, -(-total // DOSSIER_PAGE_SIZE))
    number = min(num_pages, -(-newer // DOSSIER_PAGE_SIZE) + 1)
    return DossierPage(
        entries=entries,
        number=number,
        num_pages=num_pages,
        total=total,
        newer_cursor=_cursor(entries[0]) if entries and newer > 0 else None,
        older_cursor=_cursor(entries[-1]) if entries and newer + len(entries) < total else None,
        counts={c: (figures[f"current_{c}"], figures[f"closed_{c}"]) for c in ENTRY_CATEGORIES},
    )


def current_plans(user, pupil) -> dict:
    """The plans that are running for this pupil, as far as this user may read them: the OPPs not closed, and the
    latest plan of approach (a newer one replaces it)."""
    opps = list(
        Opp.objects.for_user(user, "view")
        .filter(pupil=pupil, closed_on__isnull=True)
        .select_related("organisation")
        .order_by("-established_on", "-pk")
    )
    integral = (
        IntegralPlan.objects.for_user(user, "view")
        .filter(pupil=pupil)
        .select_related("organisation")
        .order_by("-established_on", "-pk")
        .first()
    )
    return {"opps": opps, "integral": integral}


def corrections_for(user, pupil) -> QuerySet[CorrectionRequest]:
    """The correction requests about this pupil's dossier (or, with ``None``, about every pupil) that the user may
    see, newest first."""
    requests = CorrectionRequest.objects.for_user(user, "list")
    if pupil is not None:
        requests = requests.filter(pupil=pupil)
    return requests.select_related("entry", "organisation").order_by("-asked_at", "-pk")


def corrections_to_answer(user, pupil=None) -> QuerySet[CorrectionRequest]:
    """The open requests this user answers (for one pupil, or all of theirs), the oldest first."""
    requests = CorrectionRequest.objects.for_user(user, "answer").filter(status=CorrectionStatus.OPEN)
    if pupil is not None:
        requests = requests.filter(pupil=pupil)
    return requests.select_related("entry", "pupil").order_by("due_on", "pk")


def correction_history(correction) -> list:
    return list(correction.events.all())
