"""The transitions' sections on other pages: preparing a move and its deadlines on the pupil page, the deadlines on
the case page, on the home page what each party has to do today (the sending school, the receiving school,
leerplicht/RMC), and on the family's home each child's moves and what the family is asked to do."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from overstap.accounts.roles import ATTENDANCE_ROLES, DOSSIER_OWNER_ROLES, Role
from overstap.authz.actor import actor_for
from overstap.core.panels import CASE_PAGE, CONSENT_PAGE, FAMILY_CHILD, HOME_PAGE, PUPIL_PAGE, Panel, register
from overstap.pupils.scopes import acting_as_family, speaks_to_pupil

from . import selectors
from .deadlines import DONE, LATE, milestones, milestones_for
from .models import ConsentAsk, ConsentAskStatus, Status, TransitionCase

CASE = "transitions.TransitionCase"
# A move that is over: no longer "open" on the pupil page.
CLOSED = (Status.AFGEROND, Status.INGETROKKEN)


def _shown(*case_lists) -> dict:
    """The cases a home panel names, for the page's audit event (the page records one list event for all panels)."""
    return {"audit_ids": {CASE: sorted({case.pk for cases in case_lists for case in cases})}}


def transition_context(request, pupil, allowed: set[str]) -> dict | None:
    """The pupil's open moves with their status (for whoever may see them), and starting one."""
    cases = list(
        TransitionCase.objects.for_user(request.user, "view")
        .filter(pupil=pupil)
        .exclude(status__in=CLOSED)
        .select_related("from_organisation", "to_organisation")
        .order_by("-created_at", "-pk")
    )
    may_open = "open_transition" in allowed
    if not cases and not may_open:
        return None
    return {"cases": cases, "may_open": may_open, "audit_ids": {CASE: [case.pk for case in cases]}}


def received_timeline_context(request, pupil, allowed: set[str]) -> dict | None:
    """The pupil's earlier stages as this school received them: each handover with its date, sender and the
    basis of each part, and the plans in it that the school may carry on as its own."""
    from overstap.audit.models import Action
    from overstap.audit.services import record
    from overstap.dossiers.models import IntegralPlan, Opp

    from . import carry_on

    handovers = carry_on.received_handovers(request.user, pupil)
    if not handovers:
        return None
    ids = [handover.pk for handover in handovers]
    carried: dict[int, list] = {}
    for model in (Opp, IntegralPlan):
        for plan in model.objects.for_user(request.user, "list").filter(pupil=pupil, based_on_handover_id__in=ids):
            carried.setdefault(plan.based_on_handover_id, []).append(plan)
    stages = []
    for handover in handovers:
        content = handover.content or {}
        sections = content.get("sections", [])
        bases: dict[str, list[str]] = {}
        for section in sections:
            bases.setdefault(section.get("basis", ""), []).append(section.get("category", ""))
        may_carry = carry_on.may_carry_on(request.user, handover.case)
        stages.append(
            {
                "handover": handover,
                "case": handover.case,
                "received_on": timezone.localdate(handover.received_at),
                "sender": handover.case.from_organisation,
                "bases": sorted(bases.items()),
                "opps": list(enumerate(carry_on.plans_in(handover, "opp"))) if may_carry else [],
                "plans": list(enumerate(carry_on.plans_in(handover, "plan"))) if may_carry else [],
                "carried": carried.get(handover.pk, []),
            }
        )
    record(
        request.user,
        Action.LIST,
        pupil_id=pupil.pk,
        request=request,
        object_type="transitions.Handover",
        object_repr="received handovers",
        detail={"shown": ids},
    )
    return {"stages": stages}


def sending_context(request, _obj, allowed: set[str]) -> dict | None:
    actor = actor_for(request.user)
    if actor.role not in DOSSIER_OWNER_ROLES:
        return None
    work = selectors.sending_work(request.user, actor.organisation)
    # Shown to the dossier owners also before their first move (it says where to start one), unless their school
    # only receives so far: then the pupils coming in are the work, and an empty panel would come first.
    if not work["total"] and selectors.receives_cases(request.user, actor.organisation):
        return None
    checklist_cases = [item.case for item in work["checklist"]["first"]]
    return {
        **work,
        **_shown(work["waiting"]["first"], work["starting"]["first"], work["inspection"]["first"], checklist_cases),
    }


def receiving_context(request, _obj, allowed: set[str]) -> dict | None:
    actor = actor_for(request.user)
    if actor.role not in DOSSIER_OWNER_ROLES:
        return None
    work = selectors.receiving_work(request.user, actor.organisation)
    if not work["has_cases"]:
        return None
    feedback_cases = [case for case, _moment in work["feedback"]["first"]]
    return {**work, **_shown(work["arrived"]["first"], work["warm"]["first"], feedback_cases)}


def mentor_context(request, _obj, allowed: set[str]) -> dict | None:
    actor = actor_for(request.user)
    if actor.role != Role.MENTOR:
        return None
    pages = selectors.mentor_pages_for(request.user)
    return {**pages, **_shown(pages["first"])}


def without_place_context(request, _obj, allowed: set[str]) -> dict | None:
    actor = actor_for(request.user)
    if actor.role not in ATTENDANCE_ROLES:
        return None
    work = selectors.without_place_for(request.user)
    return {**work, "role": actor.role, **_shown([row["case"] for row in work["first"]])}


# What the family reads about the status of a move, in plain words: (for a parent or carer, for the pupil). The
# parent's sentence names the child.
FAMILY_STATUS = {
    Status.AANGEMELD: (
        _("%(name)s is registered at the new school. The school is writing down what the new school needs to know."),
        _("You are registered at the new school. Your school is writing down what the new school needs to know."),
    ),
    Status.INZAGE_OUDERS: (
        _("The report about %(name)s is ready. You read it first, before it goes to the new school (inzage)."),
        _("The report about you is ready. You read it first, before it goes to your new school (inzage)."),
    ),
    Status.VERZONDEN: (
        _("The report about %(name)s has been sent to the new school."),
        _("The report about you has been sent to your new school."),
    ),
    Status.ONTVANGEN: (
        _("The new school has received the report about %(name)s."),
        _("Your new school has received the report about you."),
    ),
    Status.GEOPEND: (
        _("The new school has read the report about %(name)s and is preparing for the start."),
        _("Your new school has read the report about you and is preparing for your start."),
    ),
    Status.WARME_OVERDRACHT: (
        _("The old and the new school have talked about what helps %(name)s (warme overdracht)."),
        _("Your old and your new school have talked about what helps you (warme overdracht)."),
    ),
    Status.GEPLAATST: (
        _("The new school has a place for %(name)s."),
        _("Your new school has a place for you."),
    ),
    Status.GESTART: (
        _("%(name)s has started at the new school."),
        _("You have started at your new school."),
    ),
    Status.NAZORG: (
        _("%(name)s has started at the new school. The old school checks for a while how it is going."),
        _("You have started at your new school. Your old school checks for a while how it is going."),
    ),
    Status.GEEN_PLEK: (
        _(
            "There is no place at a new school for %(name)s yet. The school and the samenwerkingsverband look for "
            "a place together with you."
        ),
        _(
            "There is no place at a new school for you yet. Your school and the samenwerkingsverband look for a "
            "place together with you."
        ),
    ),
    Status.NO_SHOW: (
        _("The new school has not seen %(name)s yet. The school will contact you."),
        _("Your new school has not seen you yet. The school will contact you."),
    ),
    Status.UITGEVALLEN: (
        _("%(name)s has stopped at the new school. The school will contact you about what comes next."),
        _("You have stopped at your new school. The school will contact you about what comes next."),
    ),
    Status.THUISZITTER: (
        _("%(name)s is at home without school now. The school and leerplicht look for a solution with you."),
        _("You are at home without school now. The school and leerplicht look for a solution with you."),
    ),
}
# The dates of a move that concern the family, in their words: (for a parent or carer, for the pupil).
FAMILY_DATES = {
    "aanmelding": (_("Registration at the new school"), _("Registration at your new school")),
    "inzage": (_("Read the report (inzage)"), _("Read the report (inzage)")),
    "start": (_("First day at the new school"), _("First day at your new school")),
}
FAMILY_MOVES = "_transitions_family_moves"
NO_SCHOOL_YET = (Status.GEEN_PLEK, Status.THUISZITTER)


def _family_moves(request) -> dict[int, list[dict]]:
    """Every child's moves, read once per request (the family home asks child after child)."""
    moves = getattr(request, FAMILY_MOVES, None)
    if moves is None:
        moves = selectors.family_moves(request.user, timezone.localdate())
        setattr(request, FAMILY_MOVES, moves)
    return moves


def family_child_context(request, pupil, allowed: set[str]) -> dict | None:
    """One child's moves on the family home: the status in plain words, the report to read and the view to add
    during the inspection, a planned meeting, and the dates that concern the family. A parent without parental
    authority learns only that a move happens and to which school."""
    moves = _family_moves(request).get(pupil.pk)
    if not moves:
        return None
    is_pupil = getattr(pupil, "reader_is_pupil", False)
    which = 1 if is_pupil else 0
    name = pupil.preferred_name or pupil.given_names.split()[0]
    rows, asks = [], []
    for move in moves:
        case = move["case"]
        status = FAMILY_STATUS.get(case.status)
        row = {**move, "status_text": (status[which] % {"name": name}) if status and move["full"] else ""}
        # Without a place the school on the case is the one that had none: no school to name yet.
        row["school"] = None if case.status in NO_SCHOOL_YET else case.to_organisation
        row["dates"] = [(FAMILY_DATES[m.key][which], m) for m in move["milestones"]]
        if move["read"] and not move["answered"]:
            # Until the family says it read the report (and what it thinks), reading it is asked of them; a pupil
            # under 16 reads it too, while the parents answer.
            inzage = next((m for m in move["milestones"] if m.key == "inzage"), None)
            if move["give_view"]:
                text = (
                    _("Read the report about you and say whether you agree with it")
                    if is_pupil
                    else _("Read the report about %(name)s and say whether you agree with it") % {"name": name}
                )
            else:
                text = (
                    _("Read the report about you") if is_pupil else _("Read the report about %(name)s") % {"name": name}
                )
            asks.append(
                {
                    "text": str(text),
                    "due": inzage.due_on if inzage else None,
                    "url": reverse("transitions:handover", args=[case.pk]),
                }
            )
        for meeting in move["meetings"]:
            text = (
                _("Come to the meeting with your new school: %(kind)s")
                if is_pupil
                else _("Come to the meeting with the new school: %(kind)s")
            ) % {"kind": meeting.get_kind_display().lower()}
            asks.append(
                {"text": str(text), "due": meeting.held_on, "url": reverse("transitions:meeting", args=[meeting.pk])}
            )
        rows.append(row)
    meetings = [meeting.pk for move in moves for meeting in move["meetings"]]
    audit_ids = {CASE: [move["case"].pk for move in moves]}
    if meetings:
        audit_ids["transitions.Meeting"] = meetings
    return {"moves": rows, "is_pupil": is_pupil, "name": name, "asks": asks, "audit_ids": audit_ids}


register(
    Panel(
        name="received_timeline",
        template="transitions/panels/received_timeline.html",
        context=received_timeline_context,
        slot=PUPIL_PAGE,
        order=5,
    )
)
register(
    Panel(
        name="transition",
        template="transitions/panels/transition.html",
        context=transition_context,
        actions=("open_transition",),
        slot=PUPIL_PAGE,
        order=10,
    )
)
for name, template, context, order in (
    ("transitions_sending", "home_sending", sending_context, 10),
    ("transitions_receiving", "home_receiving", receiving_context, 20),
    ("transitions_mentor", "home_mentor", mentor_context, 20),
    ("transitions_without_place", "home_without_place", without_place_context, 10),
):
    register(Panel(name, f"transitions/panels/{template}.html", context, slot=HOME_PAGE, order=order))


register(
    Panel(
        name="transitions_family_child",
        template="transitions/panels/family_child.html",
        context=family_child_context,
        slot=FAMILY_CHILD,
        order=10,
    )
)


def case_deadlines_context(request, case, allowed: set[str]) -> dict | None:
    if "view" not in allowed:
        return None
    items = milestones(case, timezone.localdate())
    if not items:
        return None
    return {
        "milestones": items,
        "late_count": sum(1 for m in items if m.state == LATE),
        "done_count": sum(1 for m in items if m.state == DONE),
    }


def pupil_deadlines_context(request, pupil, allowed: set[str]) -> dict | None:
    # Only the moves this user may see; a withdrawn one has no deadlines any more.
    cases = list(
        TransitionCase.objects.for_user(request.user, "view")
        .filter(pupil=pupil)
        .exclude(status__in=(Status.INGETROKKEN, Status.AFGEROND))
        .select_related("from_organisation", "to_organisation")
    )
    if not cases:
        return None
    per_case = milestones_for(cases, timezone.localdate())
    rows = [
        {"case": case, "milestones": items, "done_count": sum(1 for m in items if m.state == DONE)}
        for case in cases
        if (items := per_case[case.pk])
    ]
    return {"cases": rows} if rows else None


register(
    Panel(
        name="deadlines",
        template="transitions/deadlines/case_panel.html",
        context=case_deadlines_context,
        actions=("view",),
        slot=CASE_PAGE,
        order=20,
    )
)
register(
    Panel(
        name="deadlines",
        template="transitions/deadlines/pupil_panel.html",
        context=pupil_deadlines_context,
        slot=PUPIL_PAGE,
        order=15,
    )
)


# --- Consent asked in the context of a move (consent_asks.py) -----------------------------------------------------

ASK = "transitions.ConsentAsk"


def family_consent_context(request, pupil, allowed: set[str]) -> dict | None:
    """On the family's home page, per child: the questions about consent this person is asked to answer. ``asks``
    is what the home page lists at the top."""
    if not acting_as_family(actor_for(request.user)):
        return None
    asks = _family_questions(request).get(pupil.pk)
    if not asks:
        return None
    to_pupil = getattr(pupil, "reader_is_pupil", False)
    return {"asks": asks, "to_pupil": to_pupil, "audit_ids": {ASK: [a["pk"] for a in asks]}}


FAMILY_QUESTIONS = "_transitions_family_questions"


def _family_questions(request) -> dict[int, list[dict]]:
    """Every child's open questions about consent, read once per request (the family home asks child after
    child)."""
    questions = getattr(request, FAMILY_QUESTIONS, None)
    if questions is None:
        questions = selectors.open_questions_by_child(request.user)
        setattr(request, FAMILY_QUESTIONS, questions)
    return questions


def consent_page_context(request, pupil, allowed: set[str]) -> dict | None:
    """On the consent page, for the family: every question the schools asked about this child in a move, open ones
    first, each with its answer."""
    if not acting_as_family(actor_for(request.user)):
        return None
    open_ones = selectors.open_questions(request.user, pupil)
    answered = list(
        ConsentAsk.objects.for_user(request.user, "view")
        .filter(case__pupil=pupil)
        .exclude(status=ConsentAskStatus.OPEN)
        .select_related("case__pupil", "case__from_organisation", "recipient", "consent")
        .order_by("-answered_at", "-pk")
    )
    to_pupil = speaks_to_pupil(request.user, pupil)
    waiting = list(
        ConsentAsk.objects.for_user(request.user, "view")
        .filter(case__pupil=pupil, status=ConsentAskStatus.OPEN)
        .exclude(pk__in=[a["pk"] for a in open_ones])
        .select_related("case__pupil", "case__from_organisation", "recipient")
    )
    return {
        "asks": open_ones,
        # Open questions someone else in the family answers (the pupil from 16, a parent under 16).
        "waiting": [selectors.question_text(q, to_pupil=to_pupil) | {"url": _ask_url(q)} for q in waiting],
        "answered": [
            selectors.question_text(q, to_pupil=to_pupil) | {"url": _ask_url(q), "question": q} for q in answered
        ],
        "to_pupil": to_pupil,
    }


def _ask_url(question) -> str:
    from django.urls import reverse

    return reverse("transitions:consent-question", args=[question.pk])


register(
    Panel(
        name="consent_asks",
        template="transitions/panels/family_consent_asks.html",
        context=family_consent_context,
        slot=FAMILY_CHILD,
        order=1,
    )
)
register(
    Panel(
        name="consent_asks",
        template="transitions/panels/consent_page_asks.html",
        context=consent_page_context,
        slot=CONSENT_PAGE,
        order=10,
    )
)
