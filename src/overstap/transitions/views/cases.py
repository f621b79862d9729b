"""The transition pages themselves: the list, opening a transition, a case with its next steps, taking a
step, and choosing another receiving school."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from overstap.accounts.decorators import login_required
from overstap.accounts.roles import ATTENDANCE_ROLES
from overstap.audit.models import Action
from overstap.audit.services import record, record_form_shown
from overstap.authz.actor import actor_for
from overstap.authz.policy import allowed_actions, can
from overstap.authz.views import authorised_object
from overstap.consent.categories import Category
from overstap.core import panels
from overstap.core.forms import apply_errors, flash_errors, style_form
from overstap.pupils.models import Pupil

from .. import consent_asks, deadlines
from .. import handover as handover_service
from ..cases import change_receiver, receiver_may_change
from ..feedback import not_yet_possible
from ..forms import CaseForm, InzageForm, ReceiverForm
from ..models import Feedback, Meeting, Moment, Notification, Status, TransitionCase
from ..selectors import LIST_LIMIT, cases_for, open_questions, status_filter
from ..workflow import (
    ALLOWED,
    AUTOMATIC_STEPS,
    CONFIRMED_STEPS,
    CaseConflict,
    change_status,
    may_take,
    missing_for,
    open_case,
)


@login_required
def case_list(request):
    # ?status=… narrows the list to one status (the home page links to it); anything else shows every status.
    status = status_filter(request.GET.get("status"))
    cases = list(cases_for(request.user, status=status)[:LIST_LIMIT])
    # Deadlines: each row's next deadline, and the filter on the late ones (see deadlines.py).
    only_late = request.GET.get("termijn") == "te-laat"
    cases = _with_next_deadline(cases, only_late=only_late)
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type="transitions.TransitionCase",
        object_repr=f"{len(cases)} transitions",
        detail={
            "ids": [c.pk for c in cases],
            "pupil_ids": sorted({c.pupil_id for c in cases}),
            **({"status": status} if status else {}),
        },
    )
    actor = actor_for(request.user)
    organisation = actor.organisation
    outgoing = [c for c in cases if organisation is not None and c.from_organisation_id == organisation.pk]
    incoming = [c for c in cases if organisation is not None and c.to_organisation_id == organisation.pk]
    others = [c for c in cases if c not in outgoing and c not in incoming]
    notifications = list(
        Notification.objects.for_user(request.user, "list")
        .filter(read_at__isnull=True)
        .select_related("case__pupil")[:50]
    )
    return render(
        request,
        "transitions/case_list.html",
        {
            "cases": cases,
            "outgoing": outgoing,
            "incoming": incoming,
            "others": others,
            "notifications": notifications,
            "is_family": actor.membership is None,
            "only_late": only_late,
            "status": Status(status) if status else None,
        },
    )


def _with_next_deadline(cases: list[TransitionCase], *, only_late: bool) -> list[TransitionCase]:
    """Puts each case's next deadline on it (``case.next_deadline``), in a fixed number of queries; with
    ``only_late``, keeps the cases with a deadline that has passed."""
    per_case = deadlines.milestones_for(cases, timezone.localdate())
    for case in cases:
        case.next_deadline = deadlines.next_deadline(per_case[case.pk])
    if only_late:
        return [case for case in cases if case.next_deadline is not None and case.next_deadline.is_late]
    return cases


@login_required
def case_new(request, pupil_pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "open_transition", pk=pupil_pk)
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = open_case(
                request.user,
                pupil,
                data["to_organisation"],
                code=data["code"],
                override_reason=data["override_reason"],
                planned_on=data["planned_on"],
                programme=data["programme"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("transitions:detail", pk=case.pk)
    record_form_shown(request, pupil, "case-new")
    return render(request, "transitions/case_new.html", {"pupil": pupil, "form": form})


# Everything the case page asks about the case: which steps, which sections, which forms.
CASE_PAGE_ACTIONS = ("change", "receive", "read_handover", "feedback", "meet", "mentor")


def _case_page_actions() -> tuple[str, ...]:
    return (*CASE_PAGE_ACTIONS, *panels.actions_of(panels.panels(panels.CASE_PAGE)))


@login_required
def case_detail(request, pk: int):
    case = authorised_object(
        request,
        TransitionCase.objects.select_related("pupil", "from_organisation", "to_organisation"),
        "view",
        also=_case_page_actions(),  # asked in the same query, remembered for the rest of the page
        pk=pk,
    )
    record(request.user, Action.READ, case, request=request)
    user = request.user
    next_steps = [
        Status(s)
        for s in Status
        if s in ALLOWED.get(case.status, set()) and s not in AUTOMATIC_STEPS and may_take(user, case, s)
    ]
    may_change = can(user, "change", case)
    actor = actor_for(user)
    is_family = actor.membership is None
    # Leerplicht and RMC see a case without a place for registration and place only: not what the handover holds
    # (its categories say what support the pupil has), nor the programme (LWOO is support information).
    attendance_only = actor.role in ATTENDANCE_ROLES
    # The family reads the handover during their inspection; other parties only once it was sent.
    if attendance_only:
        handover = None
    elif may_change or (is_family and can(user, "read_handover", case)):
        handover = handover_service.handover_or_blank(case)
    else:
        handover = handover_service.sent_handover(case)
    # The checklist is the sending school's work list; it says things about the pupil (youth care, OPP) that
    # others only learn from the handover itself.
    checklist = list(case.checklist.all()) if may_change else []
    feedback = list(Feedback.objects.for_user(user, "view").filter(case=case))
    given = {f.moment for f in feedback}
    feedback_moments = []
    if can(user, "feedback", case):
        # Only the moments that can be given now (the first weeks once the pupil started, and so on).
        feedback_moments = [Moment(m) for m in Moment if m not in given and not not_yet_possible(case, m)]
    return render(
        request,
        "transitions/case_detail.html",
        {
            "case": case,
            "checklist": [i for i in checklist if i.applies is not False],
            "not_applicable": [i for i in checklist if i.applies is False],
            "next_steps": next_steps,
            "confirmed_steps": CONFIRMED_STEPS,
            "handover": handover,
            "released": [Category(c).label for c in handover.categories] if handover else [],
            "missing_to_send": handover_service.missing_before_sending(case)
            if case.status == Status.INZAGE_OUDERS
            else [],
            "may_change": may_change,
            "may_choose": may_change and case.status in handover_service.SELECTION_OPEN and handover is not None,
            "may_read_handover": handover is not None and can(user, "read_handover", case),
            "may_meet": can(user, "meet", case),
            "may_mentor": can(user, "mentor", case),
            "may_change_receiver": may_change and receiver_may_change(case),
            "inzage_form": style_form(InzageForm(initial={"inzage_on": timezone.localdate()}))
            if may_change and case.status == Status.INZAGE_OUDERS
            else None,
            "receiver_form": ReceiverForm(
                initial={
                    "to_organisation": case.to_organisation_id,
                    "seen": case.to_organisation_id,
                    "version": case.version,
                }
            ),
            "meetings": Meeting.objects.for_user(user, "list").filter(case=case).prefetch_related("agreements"),
            "feedback": feedback,
            "feedback_moments": feedback_moments,
            "is_family": is_family,
            "show_programme": not attendance_only,
            # Consent asked in the context of the move: what the sender asked and the answers; the family's questions.
            "consent_rows": consent_asks.overview(
                case,
                handover=handover or None,
                not_applying={item.key for item in checklist if item.applies is False},
            )
            if may_change and handover is not None
            else [],
            "may_ask": may_change and case.status in handover_service.SELECTION_OPEN,
            "family_questions": open_questions(user, case.pupil) if is_family else [],
            # Sections other apps add to the case page (see core/panels.py).
            "panels": panels.render_panels(
                request, case, allowed_actions(user, case, _case_page_actions()), panels.panels(panels.CASE_PAGE)
            ),
        },
    )


# What each step that cannot be undone brings about for good, said on its confirmation page.
CONSEQUENCES = {
    Status.VERZONDEN: _(
        "Once sent, the receiving school reads what goes; it cannot be called back or changed afterwards."
    ),
    Status.GESTART: _(
        "The pupil's enrolment at %(from)s ends and the enrolment at %(to)s begins; the school career keeps both."
    ),
    Status.AFGEROND: _("The transition is closed for good; for anything after this, open a new transition."),
    Status.INGETROKKEN: _("The transition stops for good; for another school, open a new transition."),
}
EXIT_CONSEQUENCE = _(
    "The step is recorded for good, and the signals about the pupil are worked out again, so that those who follow "
    "the pupil (such as leerplicht) see it."
)


@login_required
@require_http_methods(["GET", "POST"])
def case_status(request, pk: int):
    """A step of the case. A step that cannot be undone is first shown on its confirmation page (GET), which
    posts the step here; after the step the person sees what happened."""
    case = authorised_object(
        request, TransitionCase.objects.select_related("pupil", "from_organisation", "to_organisation"), "view", pk=pk
    )
    wanted = request.POST.get("status", "") if request.method == "POST" else request.GET.get("status", "")
    if request.method == "GET":
        if wanted not in CONFIRMED_STEPS or wanted not in ALLOWED.get(case.status, set()):
            return redirect("transitions:detail", pk=case.pk)
        if not may_take(request.user, case, wanted):
            messages.error(request, gettext("Status: this step is taken by the other school."))
            return redirect("transitions:detail", pk=case.pk)
        return _confirm_step(request, case, Status(wanted))
    try:
        change_status(request.user, case, wanted, expected_version=_seen_version(request), request=request)
    except CaseConflict:
        messages.error(request, step_conflict_message(wanted))
    except ValidationError as error:
        flash_errors(request, error)
    except PermissionDenied:
        raise Http404 from None
    else:
        if wanted == Status.VERZONDEN:
            messages.success(
                request,
                gettext("The handover was sent to %(school)s. They are notified and can read it now.")
                % {"school": case.to_organisation},
            )
        else:
            messages.success(
                request, gettext("Done: the transition is now “%(status)s”.") % {"status": Status(wanted).label}
            )
    return redirect("transitions:detail", pk=case.pk)


def _seen_version(request) -> int:
    """The case's version the page was opened at; a form without it counts as stale (nothing changes)."""
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


def step_conflict_message(step: str) -> str:
    label = Status(step).label if step in Status.values else step
    return gettext(
        "Someone else changed this transition after you opened the page. Your step “%(step)s” was not taken and "
        "nothing of theirs was overwritten. Look at the transition as it is now and take the step again if it is "
        "still needed."
    ) % {"step": label}


def receiver_conflict_message(school) -> str:
    return gettext(
        "Someone else changed this transition after you opened the page. Your choice of %(school)s was not saved "
        "and nothing of theirs was overwritten. Look at the transition as it is now and choose again if it is still "
        "needed."
    ) % {"school": school or gettext("a school")}


def _confirm_step(request, case: TransitionCase, step: Status):
    """The confirmation page of one step (the shared ``ui/confirm.html``); sending shows what goes, on which basis,
    to whom."""
    detail = reverse("transitions:detail", args=[case.pk])
    confirm = {
        "kicker": f"{case.pupil.full_name} · {case.code}",
        "action": reverse("transitions:status", args=[case.pk]),
        "fields": [("status", step.value), ("version", case.version)],
        "cancel": detail,
        "facts": [
            (gettext("From"), str(case.from_organisation)),
            (gettext("To"), str(case.to_organisation or gettext("no place yet"))),
            (gettext("Status now"), case.get_status_display()),
        ],
    }
    names = {"from": case.from_organisation, "to": case.to_organisation}
    consequence = str(CONSEQUENCES.get(step, EXIT_CONSEQUENCE))
    if step == Status.VERZONDEN:
        summary = handover_service.sending_summary(case)
        roles = ", ".join(str(role) for role in summary["roles"])
        confirm |= {
            "title": gettext("Send the handover to %(school)s?") % {"school": case.to_organisation},
            "consequence": consequence,
            "button": gettext("Send the handover"),
            "missing": missing_for(case, step),
            "facts": [
                (gettext("Recipient"), str(case.to_organisation)),
                (gettext("Read there by"), roles),
                (
                    gettext("Parents read it"),
                    date_format(summary["handover"].inzage_on, "j F Y")
                    if summary["handover"] and summary["handover"].inzage_on
                    else gettext("not yet"),
                ),
            ],
        }
        record(request.user, Action.READ, case, request=request, detail={"page": "confirm", "step": step.value})
        return render(request, "transitions/confirm_send.html", {"confirm": confirm, "summary": summary})
    confirm |= {
        "title": gettext("Change the status to “%(status)s”?") % {"status": step.label},
        "consequence": consequence % names if step == Status.GESTART else consequence,
        "button": gettext("Yes: %(status)s") % {"status": step.label},
        "missing": missing_for(case, step),
    }
    record(request.user, Action.READ, case, request=request, detail={"page": "confirm", "step": step.value})
    return render(request, "ui/confirm.html", {"confirm": confirm})


@login_required
@require_POST
def case_receiver(request, pk: int):
    """The sending school chooses (another) receiving school while the pupil has no place yet."""
    case = authorised_object(request, TransitionCase.objects.all(), "change", pk=pk)
    form = ReceiverForm(request.POST)
    form.is_valid()  # an invalid choice arrives as no school, which the service names
    try:
        change_receiver(
            request.user,
            case,
            form.cleaned_data.get("to_organisation"),
            seen_receiver_id=form.cleaned_data.get("seen"),
            expected_version=form.cleaned_data.get("version") or 0,
            request=request,
        )
    except CaseConflict:
        messages.error(request, receiver_conflict_message(form.cleaned_data.get("to_organisation")))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("transitions:detail", pk=case.pk)
