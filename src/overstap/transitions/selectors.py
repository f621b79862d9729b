"""Reads of transition cases for the pages: the case list (optionally of one status) and what each party has to do
now, which the home page shows. Every read starts from ``for_user``, so the checkpoint decides what is counted and
listed; each function sends a fixed number of queries, however many cases there are."""

import datetime

from django.db.models import Count, Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from overstap.audit.models import Action, AuditEvent
from overstap.matrix.loader import get_matrix

from . import statuses
from .deadlines import DONE, milestones_for
from .feedback import HANDOVER_JUDGED_FROM, not_yet_possible
from .models import (
    ChecklistItem,
    ConsentAsk,
    ConsentAskStatus,
    Feedback,
    Meeting,
    MeetingKind,
    MilestoneKey,
    Moment,
    Status,
    TransitionCase,
)
from .rules import WITHOUT_PLACE

LIST_LIMIT = 200
FIRST = 5  # the items a summary shows before "all of them"
# Cases that are over: nothing left to do for anyone.
CLOSED = (Status.AFGEROND, Status.INGETROKKEN)


def status_filter(value: str | None) -> str | None:
    """The status asked for in a list's address, if it is one; anything else means every status."""
    return value if value in Status.values else None


def cases_for(user, *, status: str | None = None) -> QuerySet[TransitionCase]:
    """The cases this user may list, newest first, of one status if given."""
    cases = TransitionCase.objects.for_user(user, "list").select_related(
        "pupil", "from_organisation", "to_organisation"
    )
    if status_filter(status):
        cases = cases.filter(status=status)
    return cases


def _summary(queryset, limit: int = FIRST) -> dict:
    """A count and the first rows: two queries."""
    return {"count": queryset.count(), "first": list(queryset[:limit])}


def _this_week_and_next(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = today - datetime.timedelta(days=today.weekday())
    return monday, monday + datetime.timedelta(days=13)


def sending_work(user, organisation, *, today: datetime.date | None = None) -> dict:
    """For the sending school: its moves by status, pupils still without a place, handovers the receiver has not
    opened yet, and the dates of this week and the next (a start date, the parents' inspection, a checklist
    deadline)."""
    today = today or timezone.localdate()
    start, end = _this_week_and_next(today)
    outgoing = TransitionCase.objects.for_user(user, "change").filter(from_organisation=organisation)
    counts = dict(outgoing.order_by().values_list("status").annotate(n=Count("pk")))
    by_status = [(Status(s), counts[s]) for s in Status.values if counts.get(s)]
    with_pupil = outgoing.select_related("pupil", "to_organisation")
    waiting = with_pupil.filter(status__in=(Status.VERZONDEN, Status.ONTVANGEN)).order_by("pk")
    no_place = with_pupil.filter(status__in=WITHOUT_PLACE).order_by("pk")
    open_cases = with_pupil.exclude(status__in=CLOSED)
    starting = open_cases.filter(planned_on__range=(start, end)).order_by("planned_on", "pk")
    inspection = open_cases.filter(status=Status.INZAGE_OUDERS).order_by("planned_on", "pk")
    checklist = (
        ChecklistItem.objects.filter(case__in=open_cases.values("pk"), done_on__isnull=True, due_on__range=(start, end))
        .exclude(applies=False)
        .select_related("case__pupil")
        .order_by("due_on", "pk")
    )
    return {
        "by_status": by_status,
        "total": sum(counts.values()),
        "waiting": _summary(waiting),
        "no_place": _summary(no_place),
        "starting": _summary(starting),
        "inspection": _summary(inspection),
        "checklist": _summary(checklist),
        "week_end": end,
    }


# The matrix advises a warm handover at every transition (always, or for a pupil with support needs, which a
# case with a handover has), except where the student arranges it: MBO-HBO says "no fixed warm handover".
WITHOUT_STANDING_WARM_HANDOVER = frozenset({"MBO-HBO"})


def _warm_handover_codes() -> list[str]:
    return [t.code for t in get_matrix().transitions if t.code not in WITHOUT_STANDING_WARM_HANDOVER]


def receives_cases(user, organisation) -> bool:
    return TransitionCase.objects.for_user(user, "receive").filter(to_organisation=organisation).exists()


def receiving_work(user, organisation) -> dict:
    """For the receiving school: handovers that arrived and are not opened yet, warm handovers still to plan, and
    the feedback it can give the sending school now."""
    incoming = TransitionCase.objects.for_user(user, "receive").filter(to_organisation=organisation)
    with_pupil = incoming.select_related("pupil", "from_organisation")
    arrived = with_pupil.filter(status__in=(Status.VERZONDEN, Status.ONTVANGEN)).order_by("pk")
    warm = (
        with_pupil.filter(status=Status.GEOPEND, code__in=_warm_handover_codes())
        .exclude(pk__in=Meeting.objects.filter(kind=MeetingKind.WARME_OVERDRACHT).values("case_id"))
        .order_by("planned_on", "pk")
    )
    feedback = _feedback_to_give(user, organisation)
    return {
        "arrived": _summary(arrived),
        "warm": _summary(warm),
        "feedback": {"count": len(feedback), "first": feedback[:FIRST]},
        "has_cases": receives_cases(user, organisation),
    }


def _feedback_to_give(user, organisation) -> list[tuple[TransitionCase, Moment]]:
    """(case, moment) for each case received where a feedback moment can be given now: the first open moment."""
    candidates = (
        TransitionCase.objects.for_user(user, "feedback")
        .filter(to_organisation=organisation, status__in={*HANDOVER_JUDGED_FROM, *statuses.STARTED})
        .select_related("pupil", "from_organisation")
        .order_by("pk")[:LIST_LIMIT]
    )
    cases = list(candidates)
    given: dict[int, set[str]] = {}
    for case_id, moment in Feedback.objects.filter(case__in=[c.pk for c in cases]).values_list("case_id", "moment"):
        given.setdefault(case_id, set()).add(moment)
    result = []
    for case in cases:
        for moment in Moment:
            if not not_yet_possible(case, moment, given=given.get(case.pk, set())):
                result.append((case, moment))
                break
    return result


def mentor_pages_for(user) -> dict:
    """For a mentor: the new pupils whose one-page handover they can read (the receiving school opened it)."""
    cases = (
        TransitionCase.objects.for_user(user, "mentor")
        .exclude(status__in=CLOSED)
        .select_related("pupil", "from_organisation")
        .order_by("planned_on", "pk")
    )
    return _summary(cases)


def without_place_for(user) -> dict:
    """For leerplicht and RMC: the cases of their pupils without a place (no place, did not show up, at home), with
    the pupil's age and since when the case has had that status. Nothing about support."""
    cases = (
        TransitionCase.objects.for_user(user, "list")
        .filter(status__in=WITHOUT_PLACE)
        .select_related("pupil", "from_organisation")
        .order_by("pk")
    )
    counts = dict(cases.order_by().values_list("status").annotate(n=Count("pk")))
    first = list(cases[:FIRST])
    since = dict(
        AuditEvent.objects.filter(
            object_type=TransitionCase._meta.label,
            object_id__in=[str(c.pk) for c in first],
            action=Action.STATUS_CHANGE,
        )
        .values_list("object_id")
        .annotate(last=Max("at"))
    )
    today = timezone.localdate()
    rows = [
        {
            "case": case,
            "age": case.pupil.age_on(today),
            "since": timezone.localdate(since[str(case.pk)]) if str(case.pk) in since else None,
        }
        for case in first
    ]
    return {
        "by_status": [(Status(s), counts[s]) for s in WITHOUT_PLACE if counts.get(s)],
        "count": sum(counts.values()),
        "first": rows,
    }


# The milestones of a move that the family takes part in: reading the report (their inspection), registering at
# the new school while that is still open, and the first school day.
FAMILY_MILESTONES = ("aanmelding", "inzage", "start")
# The meetings the family is invited to and may see (MDO/ZAT notes stay with the school, see rules.meeting_view).
FAMILY_MEETINGS = (MeetingKind.WARME_OVERDRACHT, MeetingKind.KENNISMAKING)


def family_moves(user, today: datetime.date) -> dict[int, list[dict]]:
    """For a parent, a carer or the pupil: per child (pupil id), the moves that are open now, in a fixed number of
    queries however many children and moves there are.

    Each move says whether the reader may follow it in full (``full``: the legal representatives and the pupil) or
    only knows that it happens and where to (a parent without parental authority). Only in full: whether the
    report can be read now and a view added, the meetings still to come, and the dates that concern the family.
    """
    cases = list(
        TransitionCase.objects.for_user(user, "view_general")
        .exclude(status__in=CLOSED)
        .select_related("pupil", "from_organisation", "to_organisation")
        .order_by("pupil_id", "-created_at", "-pk")[:LIST_LIMIT]
    )
    ids = [case.pk for case in cases]
    full = set(TransitionCase.objects.for_user(user, "view").filter(pk__in=ids).values_list("pk", flat=True))
    readable = set(
        TransitionCase.objects.for_user(user, "read_handover")
        .filter(pk__in=full, status=Status.INZAGE_OUDERS)
        .values_list("pk", flat=True)
    )
    # Whether the family has answered yet: said it read the report, whether it agrees, and its view.
    answering: dict[int, bool] = {}
    for pk, verdict, waived in (
        TransitionCase.objects.for_user(user, "give_view")
        .filter(pk__in=full)
        .values_list("pk", "handovers__family_verdict", "handovers__family_view_waived")
    ):
        answering[pk] = answering.get(pk, False) or bool(verdict) or bool(waived)
    meetings: dict[int, list] = {}
    for meeting in (
        Meeting.objects.for_user(user, "list")
        .filter(case_id__in=full, kind__in=FAMILY_MEETINGS, held_on__gte=today)
        .order_by("held_on", "pk")
    ):
        meetings.setdefault(meeting.case_id, []).append(meeting)
    in_full = [case for case in cases if case.pk in full]
    dates = milestones_for(in_full, today)
    children: dict[int, list[dict]] = {}
    for case in cases:
        shown = case.pk in full
        children.setdefault(case.pupil_id, []).append(
            {
                "case": case,
                "full": shown,
                "read": case.pk in readable,
                # May answer and has not yet / has answered (and may change it until the report goes).
                "give_view": answering.get(case.pk) is False,
                "answered": answering.get(case.pk) is True,
                "meetings": meetings.get(case.pk, []),
                "milestones": [m for m in dates.get(case.pk, []) if m.key in FAMILY_MILESTONES and m.state != DONE],
            }
        )
    return children


# --- Consent asked in the context of a move ------------------------------------------------------------------------


def _sending_due(cases) -> dict[int, datetime.date | None]:
    """Per case, the day the handover is due to be sent: the day the school needs the family's answer by."""
    from .deadlines import milestones_for

    per_case = milestones_for(list(cases), timezone.localdate())
    return {
        pk: next((m.due_on for m in items if m.key == MilestoneKey.VERZONDEN), None) for pk, items in per_case.items()
    }


def question_text(question, *, to_pupil: bool) -> dict:
    """The question in plain words ("Mag … doorgeven aan …?") and what the information holds, said to the pupil
    ("je") or to a parent ("u")."""
    from overstap.consent.plain import meaning, what

    pupil = question.case.pupil
    name = pupil.preferred_name or pupil.given_names.split(" ")[0]  # a parent speaks of their child by first name
    subject = what(question.category, name, to_pupil=to_pupil)
    text = gettext("May %(school)s pass on %(what)s to %(recipient)s?") % {
        "school": question.case.from_organisation,
        "what": subject,
        "recipient": question.recipient,
    }
    return {"text": text, "meaning": meaning(question.category, name, to_pupil=to_pupil)}


def open_questions(user, pupil) -> list[dict]:
    """The questions about consent this person is asked to answer about this child, for the family's page:
    ``{"text", "due", "url"}`` each, in a fixed number of queries."""
    return open_questions_by_child(user, [pupil]).get(pupil.pk, [])


def open_questions_by_child(user, pupils=None) -> dict[int, list[dict]]:
    """Per child (pupil id), the questions about consent this person is asked to answer (about ``pupils``, or every
    child they answer for), in a fixed number of queries however many children: the family home asks for all its
    children at once. Each question says "je" when the reader is that child, "u" to a parent or carer."""
    from overstap.pupils.models import FamilyLink, Relation

    asks = ConsentAsk.objects.for_user(user, "answer")
    if pupils is not None:
        asks = asks.filter(case__pupil__in=[pupil.pk for pupil in pupils])
    questions = list(
        asks.select_related("case__pupil", "case__from_organisation", "recipient").order_by("asked_at", "pk")
    )
    if not questions:
        return {}
    themselves = set(
        FamilyLink.objects.filter(
            user=user, relation=Relation.PUPIL, pupil__in={q.case.pupil_id for q in questions}
        ).values_list("pupil_id", flat=True)
    )
    due = _sending_due({q.case for q in questions})
    per_child: dict[int, list[dict]] = {}
    for q in questions:
        per_child.setdefault(q.case.pupil_id, []).append(
            {
                "text": question_text(q, to_pupil=q.case.pupil_id in themselves)["text"],
                "due": due.get(q.case_id),
                "url": reverse("transitions:consent-question", args=[q.pk]),
                "pk": q.pk,
            }
        )
    return per_child


def consent_question(user, question) -> dict:
    """What the family's question page shows: the question in plain words, what it means and for how long, who
    decides, and the answer once given (with the consent it became, which can be withdrawn)."""
    from overstap.authz.actor import actor_for
    from overstap.consent.services import decides_consent, may_withdraw
    from overstap.pupils.scopes import acting_as_family, speaks_to_pupil

    pupil = question.case.pupil
    to_pupil = speaks_to_pupil(user, pupil)
    consent = question.consent
    due = _sending_due([question.case]).get(question.case_id)
    return {
        "question": question,
        "case": question.case,
        "pupil": pupil,
        "to_pupil": to_pupil,
        # A professional reads the question as the family reads it, and is told so.
        "for_family": acting_as_family(actor_for(user)),
        "pupil_decides": decides_consent(pupil, timezone.localdate()) == "leerling",
        "due": due if question.status == ConsentAskStatus.OPEN else None,
        "consent": consent,
        "may_withdraw": consent is not None and consent.withdrawn_at is None and may_withdraw(user, consent),
        **question_text(question, to_pupil=to_pupil),
    }
