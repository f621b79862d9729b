"""The transition pages themselves: the list, opening a transition, a case with its next steps, taking a
step, and choosing another receiving school."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.accounts.roles import ATTENDANCE_ROLES
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import allowed_actions, can
from overstap.authz.views import authorised_object
from overstap.consent.categories import Category
from overstap.core import panels
from overstap.core.forms import apply_errors, flash_errors, style_form
from overstap.pupils.models import Pupil

from .. import deadlines
from .. import handover as handover_service
from ..cases import change_receiver, receiver_may_change
from ..feedback import not_yet_possible
from ..forms import CaseForm, InzageForm, ReceiverForm
from ..models import Feedback, Meeting, Moment, Notification, Status, TransitionCase
from ..selectors import LIST_LIMIT, cases_for, status_filter
from ..workflow import ALLOWED, AUTOMATIC_STEPS, change_status, may_take, open_case


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
        detail={"ids": [c.pk for c in cases], **({"status": status} if status else {})},
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
                initial={"to_organisation": case.to_organisation_id, "seen": case.to_organisation_id}
            ),
            "meetings": Meeting.objects.for_user(user, "list").filter(case=case).prefetch_related("agreements"),
            "feedback": feedback,
            "feedback_moments": feedback_moments,
            "is_family": is_family,
            "show_programme": not attendance_only,
            # Sections other apps add to the case page (see core/panels.py).
            "panels": panels.render_panels(
                request, case, allowed_actions(user, case, _case_page_actions()), panels.panels(panels.CASE_PAGE)
            ),
        },
    )


@login_required
@require_POST
def case_status(request, pk: int):
    case = authorised_object(request, TransitionCase.objects.all(), "view", pk=pk)
    try:
        change_status(request.user, case, request.POST.get("status", ""), request=request)
    except ValidationError as error:
        flash_errors(request, error)
    except PermissionDenied:
        raise Http404 from None
    return redirect("transitions:detail", pk=case.pk)


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
            request=request,
        )
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("transitions:detail", pk=case.pk)
