"""What each figure of the dashboard means, and how it is counted. Every count starts from a queryset of the
checkpoint (``for_user(aggregate_actor(scope), "aggregate")``), the same rules as the lists; nothing here reads
around them.

Cells are keyed by (sending school, transition type, school year). For the figures of "now" (open signals) a
signal without a move takes the pupil's latest school and the current school year.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from overstap.dossiers.models import Opp
from overstap.monitoring.dates import school_year_of, school_year_start
from overstap.monitoring.models import NOT_HANDLED, Signal, SignalKind
from overstap.pupils.models import Enrolment
from overstap.support.models import TLV_KINDS, SwvDecision
from overstap.transitions.models import Feedback, Handover, Meeting, MeetingKind, Moment, Status, TransitionCase

from .rules import LEERPLICHT_AUDIENCE, aggregate_actor, leerplicht_actor

S = Status
STARTED = (S.GESTART, S.NAZORG, S.AFGEROND, S.UITGEVALLEN)
NOT_PLACED = (
    S.VOORBEREIDING,
    S.AANGEMELD,
    S.INZAGE_OUDERS,
    S.VERZONDEN,
    S.ONTVANGEN,
    S.GEOPEND,
    S.WARME_OVERDRACHT,
    S.GEEN_PLEK,
    S.NO_SHOW,
    S.THUISZITTER,
)
OPP_WEEKS_AFTER_START = 6


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    definition: str
    kind: str  # "now": a number of pupils now; "rate": count out of base; "score": average of 1 to 5
    goal: str = ""


NOW = [
    Metric(
        "zonder_plek",
        _("Pupils without a place"),
        _(
            "Pupils with an open or being-handled 'no place' signal of the signal engine, today. A pupil the "
            "thuiszitters register counts has the 'at home' signal instead, and counts as a thuiszitter."
        ),
        "now",
        _("goal: 0"),
    ),
    Metric(
        "thuiszitters",
        _("Thuiszitters"),
        _("Pupils with an open or being-handled 'at home without education' signal, today."),
        "now",
    ),
    Metric(
        "no_show",
        _("No-shows"),
        _("Pupils registered at the new school who had not started two weeks after the start (open signal)."),
        "now",
    ),
]
RATES = [
    Metric(
        "geplaatst_1_oktober",
        _("Placed on 1 October"),
        _(
            "Of the moves of a school year meant to start by 1 October (once that day has passed): those placed, for "
            "which the signal engine raised no 'not placed on 1 October'."
        ),
        "rate",
    ),
    Metric(
        "op_tijd_verzonden",
        _("Handover sent on time"),
        _(
            "Of the moves with a new school whose sending deadline has passed (or that were sent): handovers sent "
            "at least %(weeks)s weeks before the start."
        ),
        "rate",
    ),
    Metric(
        "geopend_voor_start",
        _("Handover opened before the start"),
        _("Of the sent handovers whose start has come (or that were opened): opened on or before the start date."),
        "rate",
    ),
    Metric(
        "warme_overdracht",
        _("Warm handover"),
        _("Of the moves whose handover was sent: those with a warm handover meeting recorded."),
        "rate",
    ),
    Metric(
        "tlv_doorgezet",
        _("TLV carried on"),
        _(
            "Of the pupils who started at the new school and had a granted TLV in the year before the start: those "
            "with a granted TLV valid on the first day at the new school."
        ),
        "rate",
    ),
    Metric(
        "opp_doorgezet",
        _("OPP carried on"),
        _(
            "Of the pupils who started at the new school and had an OPP at the old school in the year before the "
            "start: those for whom the new school established an OPP by six weeks after the start."
        ),
        "rate",
    ),
    Metric(
        "uitval_eerste_jaar",
        _("Left in the first year"),
        _(
            "Of the pupils who started at the new school: those who dropped out, or whose enrolment there ended "
            "within a year of the start. For a year still under way the figure is provisional."
        ),
        "rate",
    ),
]
_SCORE = _("Average score (1 to 5) the receiving school gave about the handover.")
SCORES = [
    Metric("feedback_compleet", _("Feedback: complete"), _SCORE, "score"),
    Metric("feedback_bruikbaar", _("Feedback: useful"), _SCORE, "score"),
    Metric("feedback_op_tijd", _("Feedback: on time"), _SCORE, "score"),
]
METRICS = {m.key: m for m in (*NOW, *RATES, *SCORES)}
SIGNAL_METRIC = {
    SignalKind.GEEN_PLEK: "zonder_plek",
    SignalKind.THUISZITTER: "thuiszitters",
    SignalKind.NO_SHOW: "no_show",
}
METRIC_KIND = {metric: kind for kind, metric in SIGNAL_METRIC.items()}


def definition(metric: Metric) -> str:
    return str(metric.definition) % {"weeks": settings.OVERSTAP_HANDOVER_WEEKS_BEFORE_START}


def school_year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def start_of(planned_on, school_year: str) -> datetime.date:
    if planned_on is not None:
        return planned_on
    return school_year_start(int(school_year[:4]))


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def compute(scope, today: datetime.date) -> dict[str, tuple[dict, dict]]:
    """The figures of one region per audience: ``cells`` {(metric, school_id, code, year): [count, base]} and
    ``totals`` {metric: distinct pupils} for the figures of now. The audience ``""`` is the dashboard's owner; a
    municipality also gets leerplicht's figures of now (``LEERPLICHT_AUDIENCE``), counted from the signals
    leerplicht may list itself."""
    actor = aggregate_actor(scope)
    cells: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    totals: dict[str, int] = {}
    _now_figures(open_signals(actor, "aggregate"), today, cells, totals)
    _case_figures(actor, today, cells)
    _feedback_figures(actor, cells)
    out = {"": (dict(cells), totals)}
    attendance = leerplicht_actor(scope)
    if attendance is not None:
        own_cells: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
        own_totals: dict[str, int] = {}
        _now_figures(open_signals(attendance, "list"), today, own_cells, own_totals)
        out[LEERPLICHT_AUDIENCE] = (dict(own_cells), own_totals)
    return out


def open_signals(actor, action: str = "aggregate"):
    return Signal.objects.for_user(actor, action).filter(status__in=NOT_HANDLED, kind__in=list(SIGNAL_METRIC))


def _now_figures(signals, today, cells, totals) -> None:
    latest_school = Enrolment.objects.filter(pupil=OuterRef("pupil")).order_by("-start_date", "-pk")
    rows = signals.annotate(latest_school=Subquery(latest_school.values("organisation")[:1])).values_list(
        "kind", "pupil_id", "case__from_organisation", "case__code", "case__school_year", "latest_school"
    )
    this_year = school_year_label(school_year_of(today))
    pupils: dict[tuple, set] = defaultdict(set)
    region: dict[str, set] = defaultdict(set)
    for kind, pupil, school, code, year, latest in rows:
        metric = SIGNAL_METRIC[kind]
        pupils[(metric, school or latest, code or "", year or this_year)].add(pupil)
        region[metric].add(pupil)
    for key, found in pupils.items():
        cells[key][0] = len(found)
    for metric in SIGNAL_METRIC.values():
        totals[metric] = len(region.get(metric, ()))


def _case_figures(actor, today, cells) -> None:
    handovers = Handover.objects.filter(case=OuterRef("pk"))
    cases = (
        TransitionCase.objects.for_user(actor, "aggregate")
        .exclude(status=S.INGETROKKEN)
        .annotate(
            sent=Subquery(handovers.filter(sent_at__isnull=False).order_by("sent_at").values("sent_at")[:1]),
            opened=Subquery(handovers.filter(opened_at__isnull=False).order_by("opened_at").values("opened_at")[:1]),
            warm=Exists(Meeting.objects.filter(case=OuterRef("pk"), kind=MeetingKind.WARME_OVERDRACHT)),
            flagged=Exists(Signal.objects.filter(case=OuterRef("pk"), kind=SignalKind.NIET_GEPLAATST)),
        )
        .values_list(
            "pupil_id",
            "from_organisation_id",
            "to_organisation_id",
            "code",
            "school_year",
            "planned_on",
            "status",
            "sent",
            "opened",
            "warm",
            "flagged",
        )
    )
    cases = list(cases)
    started_pupils = {row[0] for row in cases if row[6] in STARTED}
    tlvs, opps, enrolments = _histories(started_pupils)
    weeks = datetime.timedelta(weeks=settings.OVERSTAP_HANDOVER_WEEKS_BEFORE_START)
    for pupil, school, to_school, code, year, planned_on, status, sent, opened, warm, flagged in cases:
        start = start_of(planned_on, year)
        sent, opened = _as_date(sent), _as_date(opened)

        def add(metric, counted, key=(school, code, year)):
            cell = cells[(metric, *key)]
            cell[1] += 1
            cell[0] += 1 if counted else 0

        october = datetime.date(int(year[:4]), 10, 1)
        if today >= october and start <= october:
            add("geplaatst_1_oktober", not flagged and status not in NOT_PLACED)
        if to_school is not None and (sent is not None or start - weeks < today):
            add("op_tijd_verzonden", sent is not None and sent <= start - weeks)
        if sent is not None and (opened is not None or start <= today):
            add("geopend_voor_start", opened is not None and opened <= start)
        if sent is not None:
            add("warme_overdracht", warm)
        if status not in STARTED:
            continue
        year_before = start - datetime.timedelta(days=365)
        own_tlvs = tlvs.get(pupil, ())
        if any(_overlaps(begin, end, year_before, start - datetime.timedelta(days=1)) for begin, end in own_tlvs):
            add("tlv_doorgezet", any(_overlaps(begin, end, start, start) for begin, end in own_tlvs))
        own_opps = opps.get(pupil, ())
        if any(
            org == school and established < start and (closed is None or closed >= year_before)
            for org, established, closed in own_opps
        ):
            limit = start + datetime.timedelta(weeks=OPP_WEEKS_AFTER_START)
            add(
                "opp_doorgezet",
                any(
                    org == to_school and established <= limit and (closed is None or closed >= start)
                    for org, established, closed in own_opps
                ),
            )
        year_after = start + datetime.timedelta(days=365)
        left = any(
            org == to_school and begin >= year_before and end is not None and end < year_after
            for org, begin, end in enrolments.get(pupil, ())
        )
        add("uitval_eerste_jaar", status == S.UITGEVALLEN or left)


def _overlaps(begin, end, first, last) -> bool:
    return (begin is None or begin <= last) and (end is None or end >= first)


def _histories(pupils: set) -> tuple[dict, dict, dict]:
    """The TLVs, OPPs and enrolments of the pupils who started, in three queries (chunked for large regions)."""
    tlvs, opps, enrolments = defaultdict(list), defaultdict(list), defaultdict(list)
    ids = sorted(pupils)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for pupil, begin, end in SwvDecision.objects.filter(
            granted=True, request__kind__in=list(TLV_KINDS), request__pupil__in=chunk
        ).values_list("request__pupil_id", "start_date", "end_date"):
            tlvs[pupil].append((begin, end))
        for pupil, org, established, closed in Opp.objects.filter(pupil__in=chunk).values_list(
            "pupil_id", "organisation_id", "established_on", "closed_on"
        ):
            opps[pupil].append((org, established, closed))
        for pupil, org, begin, end in Enrolment.objects.filter(pupil__in=chunk).values_list(
            "pupil_id", "organisation_id", "start_date", "end_date"
        ):
            enrolments[pupil].append((org, begin, end))
    return tlvs, opps, enrolments


def _feedback_figures(actor, cells) -> None:
    rows = (
        Feedback.objects.for_user(actor, "aggregate")
        .filter(moment=Moment.HANDOVER)
        .values_list("case__from_organisation_id", "case__code", "case__school_year", "complete", "useful", "on_time")
    )
    for school, code, year, *scores in rows:
        for metric, score in zip(("feedback_compleet", "feedback_bruikbaar", "feedback_op_tijd"), scores, strict=True):
            if score is not None:
                cell = cells[(metric, school, code, year)]
                cell[0] += score
                cell[1] += 1
