"""The deadlines of a move: the calendar of one transition case, each milestone done, due or late on a given day.

Which milestones a case has follows from its transition code and the matrix (a PO-VO move has the school
recommendation and the region's registration date, VO-MBO registers by 1 April, a warm handover where the matrix
advises one, follow-up care only for pupils leaving PrO or VSO). The dates come from, in this order: the region's
protocol (an active item with a deadline for that milestone), the case's planned date, the matrix (a deadline
with a month and day), and the settings (``OVERSTAP_*``, see the README). Whether a milestone is done, and on
which day, comes from the case's history: the status changes in the audit trail, the parents' inspection, and
the school recommendation ticked off on the checklist.

Use ``case_facts(cases)`` to read what the history says about many cases in a fixed number of queries, and
``milestones(case, today, facts)`` (pure) for one case. ``milestones_for(cases, today)`` does both.
"""

import contextlib
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from overstap.audit.models import Action, AuditEvent
from overstap.matrix.loader import get_matrix

from .models import ChecklistItem, MilestoneKey, ProtocolItem, Status, TransitionCase
from .statuses import REGISTERED_ON, SENT_ON, STARTED

DONE = "done"
DUE = "due"
LATE = "late"
STATE_LABELS = {DONE: _("done"), DUE: _("due"), LATE: _("late")}

SENDER = "sender"
RECEIVER = "receiver"

S = Status
K = MilestoneKey
# A warm handover is advised by the matrix for every move but MBO-HBO, where the student arranges it (see
# ``warm_handover`` in transitions.yaml).
NO_WARM_HANDOVER = {"MBO-HBO"}
# Follow-up care (nazorg) is for pupils leaving these stages.
NAZORG_FROM = {"PRO", "VSO"}
# The history ends at these statuses: nothing is due any more.
CLOSED = {S.INGETROKKEN}
PLACED_ON = (S.GEPLAATST, *STARTED, S.NO_SHOW, S.UITGEVALLEN)
# A protocol date counts for a case when it lies this close to the usual date (a region keeps one item a year).
PROTOCOL_WINDOW = datetime.timedelta(days=183)


@dataclass(frozen=True)
class Milestone:
    key: str
    label: str
    due_on: datetime.date | None
    state: str
    done_on: datetime.date | None = None
    # Which side handles it (SENDER or RECEIVER) and the section of the case page where that happens.
    side: str = SENDER
    anchor: str = ""
    # Where the date comes from: "protocol", "case", "matrix" or "settings" (empty: no date).
    date_source: str = ""

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def is_late(self) -> bool:
        return self.state == LATE


@dataclass
class CaseFacts:
    """What the history says about one case: the first day it reached each status, the parents' inspection,
    the school recommendation on the checklist, and the region's protocol dates (milestone -> dates)."""

    reached: dict[str, datetime.date] = field(default_factory=dict)
    inzage_on: datetime.date | None = None
    schooladvies_on: datetime.date | None = None
    protocol: dict[str, list[datetime.date]] = field(default_factory=dict)


def _month_day(value: str) -> tuple[int, int]:
    month, day = value.split("-")
    return int(month), int(day)


def _on_or_before(anchor: datetime.date, month: int, day: int) -> datetime.date:
    """The last date with this month and day on or before the anchor (the spring before a start in September)."""
    candidate = datetime.date(anchor.year, month, day)
    return candidate if candidate <= anchor else datetime.date(anchor.year - 1, month, day)


def _on_or_after(anchor: datetime.date, month: int, day: int) -> datetime.date:
    candidate = datetime.date(anchor.year, month, day)
    return candidate if candidate >= anchor else datetime.date(anchor.year + 1, month, day)


def _add_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def start_date(case: TransitionCase) -> tuple[datetime.date, str]:
    """The first school day at the new school and where it comes from: the case's planned date, else the start
    of its school year (the next one, if that start had already passed when the case was opened)."""
    if case.planned_on is not None:
        return case.planned_on, "case"
    month, day = _month_day(settings.OVERSTAP_SCHOOL_YEAR_START)
    try:
        year = int(case.school_year[:4])
    except (TypeError, ValueError):
        year = timezone.localdate().year
    start = datetime.date(year, month, day)
    opened = timezone.localdate(case.created_at) if case.created_at else None
    if opened is not None and start < opened:
        start = datetime.date(year + 1, month, day)
    return start, "settings"


def _matrix_deadlines(code: str) -> dict[str, object]:
    transition = get_matrix().transition(code)
    return {deadline.key: deadline for deadline in (transition.deadlines or ())}


def _registration(code: str, start: datetime.date, deadlines: dict) -> tuple[datetime.date | None, str]:
    if code == "PO-VO":
        return _on_or_before(start, *_month_day(settings.OVERSTAP_PO_VO_REGISTRATION_BY)), "settings"
    if "aanmelding-1-april" in deadlines:
        return _on_or_before(start, *_month_day(settings.OVERSTAP_VO_MBO_REGISTRATION_BY)), "settings"
    dated = [d for key, d in deadlines.items() if key.startswith("aanmelding") and d.month and d.day]
    if dated:
        # MBO-HBO: the later of the matrix's dates (selection programmes register earlier and say so themselves).
        return max(_on_or_before(start, d.month, d.day) for d in dated), "matrix"
    if "aanmelding-tien-weken" in deadlines:
        return start - datetime.timedelta(weeks=10), "matrix"
    return None, ""


def _plan(case: TransitionCase) -> list[tuple[str, datetime.date | None, str, str, str]]:
    """(key, date, date source, side, anchor) of every milestone this case has, in the order of the move."""
    code = case.code
    deadlines = _matrix_deadlines(code)
    start, start_source = start_date(case)
    plan = []
    if "schooladvies" in deadlines:
        day = _on_or_before(start, *_month_day(settings.OVERSTAP_SCHOOLADVIES_BY))
        plan.append((K.SCHOOLADVIES, day, "settings", SENDER, "kop-checklist"))
    registration, source = _registration(code, start, deadlines)
    plan.append((K.AANMELDING, registration, source, SENDER, ""))
    sent = start - datetime.timedelta(weeks=settings.OVERSTAP_HANDOVER_WEEKS_BEFORE_START)
    if registration is not None and sent < registration:
        sent = registration  # the handover cannot be due before the pupil is registered
    inzage = sent - datetime.timedelta(days=settings.OVERSTAP_INZAGE_DAYS)
    if registration is not None and inzage < registration:
        inzage = registration
    plan.append((K.INZAGE, inzage, "settings", SENDER, "kop-overdracht"))
    plan.append((K.VERZONDEN, sent, "settings", SENDER, "kop-overdracht"))
    if code not in NO_WARM_HANDOVER and get_matrix().transition(code).warm_handover:
        plan.append((K.WARME_OVERDRACHT, start - datetime.timedelta(days=1), start_source, RECEIVER, "kop-overleg"))
    plan.append((K.START, start, start_source, RECEIVER, ""))
    if "start-schooljaar" in deadlines:
        no_show = start + datetime.timedelta(days=settings.OVERSTAP_NO_SHOW_CHECK_DAYS)
        plan.append((K.NO_SHOW, no_show, "settings", RECEIVER, ""))
    if "plaatsing-1-oktober" in deadlines:
        # 1 October of the school year the pupil starts in; a pupil who starts later is placed by the start.
        month, day = _month_day(settings.OVERSTAP_PLACED_BY)
        year_start = start.year if start.month >= 8 else start.year - 1
        placed = max(_on_or_after(datetime.date(year_start, 8, 1), month, day), start)
        plan.append((K.GEPLAATST, placed, "settings", RECEIVER, ""))
    if case.from_organisation.stage in NAZORG_FROM:
        plan.append((K.NAZORG, _add_year(start), start_source, SENDER, ""))
    return plan


def _done_on(key: str, case: TransitionCase, facts: CaseFacts) -> tuple[bool, datetime.date | None]:
    """Whether the milestone is done, and on which day as far as the history tells."""
    status, reached = case.status, facts.reached

    def first(*statuses):
        days = [reached[s] for s in statuses if s in reached]
        return min(days) if days else None

    if key == K.SCHOOLADVIES:
        return facts.schooladvies_on is not None, facts.schooladvies_on
    if key == K.AANMELDING:
        return status in REGISTERED_ON or S.AANGEMELD in reached, first(S.AANGEMELD)
    if key == K.INZAGE:
        return status in SENT_ON or facts.inzage_on is not None, facts.inzage_on
    if key == K.VERZONDEN:
        return status in SENT_ON, first(S.VERZONDEN)
    if key == K.WARME_OVERDRACHT:
        return S.WARME_OVERDRACHT in reached or status == S.WARME_OVERDRACHT, first(S.WARME_OVERDRACHT)
    if key == K.START:
        return status in STARTED, first(S.GESTART)
    if key == K.NO_SHOW:
        return status in (*STARTED, S.NO_SHOW), first(S.GESTART, S.NO_SHOW)
    if key == K.GEPLAATST:
        return status in PLACED_ON, first(S.GEPLAATST)
    if key == K.NAZORG:
        return status == S.AFGEROND and S.GESTART in reached, first(S.AFGEROND)
    return False, None


def _protocol_date(default: datetime.date | None, dates: list[datetime.date]) -> datetime.date | None:
    if not dates:
        return None
    if default is None:
        return min(dates)
    near = [d for d in dates if abs(d - default) <= PROTOCOL_WINDOW]
    return min(near, key=lambda d: abs(d - default)) if near else None


def milestones(case: TransitionCase, today: datetime.date, facts: CaseFacts | None = None) -> list[Milestone]:
    """The milestones of this case on this day, in the order of the move. Give ``facts`` (from ``case_facts``)
    to compute without queries; without them they are read for this one case."""
    if case.status in CLOSED:
        return []
    if facts is None:
        facts = case_facts([case]).get(case.pk, CaseFacts())
    result = []
    for key, day, source, side, anchor in _plan(case):
        region_day = _protocol_date(day, facts.protocol.get(key, []))
        if region_day is not None:
            day, source = region_day, "protocol"
        done, done_on = _done_on(key, case, facts)
        if done:
            state = DONE
        elif day is not None and today > day:
            state = LATE
        else:
            state = DUE
        result.append(
            Milestone(
                key=key,
                label=K(key).label,
                due_on=day,
                state=state,
                done_on=done_on if done else None,
                side=side,
                anchor=anchor,
                date_source=source,
            )
        )
    return result


def next_deadline(items: Iterable[Milestone]) -> Milestone | None:
    """The milestone to act on first: the earliest late one, else the earliest due one (undated ones last)."""
    open_items = [m for m in items if m.state != DONE]
    if not open_items:
        return None
    return min(open_items, key=lambda m: (m.state != LATE, m.due_on is None, m.due_on or datetime.date.max))


def case_facts(cases: Iterable[TransitionCase]) -> dict[int, CaseFacts]:
    """What the history says about these cases, in three queries however many cases there are: the audit trail
    (status changes and the inspection), the school recommendations on the checklists, and the protocol dates of
    the regions of the sending schools."""
    cases = list(cases)
    facts = {case.pk: CaseFacts() for case in cases}
    if not cases:
        return facts
    by_id = {str(case.pk): case.pk for case in cases}
    events = (
        AuditEvent.objects.filter(
            object_type=TransitionCase._meta.label,
            object_id__in=list(by_id),
            pupil_id__in={case.pupil_id for case in cases},  # uses the index on the pupil
            action__in=(Action.STATUS_CHANGE, Action.UPDATE),
        )
        .order_by("at", "id")
        .values_list("object_id", "action", "at", "detail")
    )
    for object_id, action, at, detail in events:
        fact = facts[by_id[object_id]]
        detail = detail or {}
        if action == Action.STATUS_CHANGE and detail.get("to"):
            fact.reached.setdefault(detail["to"], timezone.localdate(at))
        elif action == Action.UPDATE and detail.get("inzage_on"):
            with contextlib.suppress(TypeError, ValueError):
                fact.inzage_on = datetime.date.fromisoformat(detail["inzage_on"])
    for case_id, done_on in ChecklistItem.objects.filter(
        case_id__in=list(facts), key=K.SCHOOLADVIES, done_on__isnull=False
    ).values_list("case_id", "done_on"):
        facts[case_id].schooladvies_on = done_on
    # The protocol of every region a sending school belongs to: a handful of items per region.
    rows = (
        ProtocolItem.objects.filter(
            active=True,
            due_on__isnull=False,
            region__organisations__in={case.from_organisation_id for case in cases},
        )
        .exclude(milestone="")
        .values_list("region__organisations", "milestone", "transitions", "due_on")
    )
    per_organisation = defaultdict(list)
    for organisation_id, milestone, codes, due_on in rows:
        per_organisation[organisation_id].append((milestone, codes or [], due_on))
    for case in cases:
        for milestone, codes, due_on in per_organisation.get(case.from_organisation_id, []):
            if case.code in codes:
                facts[case.pk].protocol.setdefault(milestone, []).append(due_on)
    return facts


def milestones_for(cases: Iterable[TransitionCase], today: datetime.date) -> dict[int, list[Milestone]]:
    """The milestones of many cases at once (a fixed number of queries). The cases need ``from_organisation``
    selected, as every list of cases does."""
    cases = list(cases)
    facts = case_facts(cases)
    return {case.pk: milestones(case, today, facts[case.pk]) for case in cases}
