from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can
from overstap.authz.views import authorised_object
from overstap.consent.categories import Category
from overstap.core.forms import apply_errors, flash_errors, style_form
from overstap.matrix.loader import get_matrix
from overstap.pupils.models import Pupil

from . import handover as handover_service
from .cases import change_receiver, receiver_may_change, tick_checklist_item
from .feedback import not_yet_possible
from .forms import (
    AgreementFormSet,
    CaseForm,
    FamilyViewForm,
    InzageForm,
    MeetingForm,
    MentorNoteForm,
    ParticipantFormSet,
    ReceiverForm,
)
from .meetings import StaleNote, agenda_for, agreement_done, record_meeting, save_mentor_note
from .models import (
    Agreement,
    ChecklistItem,
    Feedback,
    Meeting,
    MeetingKind,
    MentorNote,
    Moment,
    Notification,
    ParticipantRole,
    Signal,
    SignalStatus,
    Status,
    TransitionCase,
)
from .notifications import handle_signal, mark_read
from .workflow import (
    ALLOWED,
    AUTOMATIC_STEPS,
    change_status,
    may_take,
    open_case,
    open_handover,
)


@login_required
def case_list(request):
    cases = list(
        TransitionCase.objects.for_user(request.user, "list").select_related(
            "pupil", "from_organisation", "to_organisation"
        )[:200]
    )
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type="transitions.TransitionCase",
        object_repr=f"{len(cases)} transitions",
        detail={"ids": [c.pk for c in cases]},
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
    signals = list(
        Signal.objects.for_user(request.user, "list")
        .filter(status=SignalStatus.OPEN)
        .select_related("case__pupil", "owner")[:50]
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
            "signals": signals,
            "is_family": actor.membership is None,
        },
    )


@login_required
def case_new(request, pupil_pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "request_support", pk=pupil_pk)
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


@login_required
def case_detail(request, pk: int):
    case = authorised_object(
        request, TransitionCase.objects.select_related("pupil", "from_organisation", "to_organisation"), "view", pk=pk
    )
    record(request.user, Action.READ, case, request=request)
    user = request.user
    next_steps = [
        Status(s)
        for s in Status
        if s in ALLOWED.get(case.status, set()) and s not in AUTOMATIC_STEPS and may_take(user, case, s)
    ]
    may_change = can(user, "change", case)
    is_family = actor_for(user).membership is None
    # The family reads the handover during their inspection; other parties only once it was sent.
    if may_change or (is_family and can(user, "read_handover", case)):
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
            "signals": Signal.objects.for_user(user, "view").filter(case=case, status=SignalStatus.OPEN),
            "is_family": is_family,
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


@login_required
@require_POST
def checklist_done(request, pk: int):
    item = ChecklistItem.objects.filter(pk=pk).first()
    case = authorised_object(request, TransitionCase.objects.all(), "change", pk=item.case_id if item else 0)
    tick_checklist_item(request.user, item, request=request)
    return redirect("transitions:detail", pk=case.pk)


# --- The cold handover -------------------------------------------------------------------------------------------


@login_required
def handover_categories(request, pk: int):
    case = authorised_object(
        request, TransitionCase.objects.select_related("pupil", "to_organisation"), "change", pk=pk
    )
    handover = handover_service.handover_or_blank(case)
    if handover is None:
        messages.error(request, gettext("Categories: first choose the receiving school."))
        return redirect("transitions:detail", pk=case.pk)
    offers = handover_service.offers(case)
    chosen = set(handover.categories)
    errors = []
    if request.method == "POST":
        chosen = set(request.POST.getlist("categories"))
        try:
            version = int(request.POST.get("version", "0"))
        except ValueError:
            version = 0
        try:
            handover_service.choose_categories(
                request.user, case, list(chosen), expected_version=version, request=request
            )
        except ValidationError as error:
            errors = [message for messages_ in error.message_dict.values() for message in messages_]
            handover = handover_service.handover_or_blank(case)
        else:
            messages.success(request, gettext("The selection is saved."))
            return redirect("transitions:detail", pk=case.pk)
    record(request.user, Action.READ, case, request=request, detail={"page": "categories"})
    # One group per rule of the legal-basis engine, so each explanation is read once.
    groups: dict[str, dict] = {}
    for offer in offers:
        group = groups.setdefault(offer.decision.rule_key or "verboden", {"decision": offer.decision, "offers": []})
        group["offers"].append(offer)
    # What the matrix lists for this transition (and applies to this pupil) is marked, as a hint, not a default.
    not_applying = set(case.checklist.filter(applies=False).values_list("key", flat=True))
    suggested = {item.category for item in get_matrix().transition(case.code).items if item.key not in not_applying}
    return render(
        request,
        "transitions/handover_categories.html",
        {
            "case": case,
            "handover": handover,
            "groups": list(groups.values()),
            "suggested": suggested,
            "chosen": chosen,
            "errors": errors,
            "editable": case.status in handover_service.SELECTION_OPEN,
        },
    )


@login_required
def handover_read(request, pk: int):
    """The handover itself: for the sender a preview, for the family the inspection copy (where they add their
    view), for the receiver what was sent. The receiver's first read records receipt and opening."""
    case = authorised_object(
        request,
        TransitionCase.objects.select_related("pupil", "from_organisation", "to_organisation"),
        "read_handover",
        pk=pk,
    )
    if case.to_organisation_id is None:
        raise Http404
    user = request.user
    actor = actor_for(user)
    receiver = actor.organisation is not None and actor.organisation.pk == case.to_organisation_id
    if receiver and can(user, "receive", case):
        open_handover(user, case, request=request)
        case.refresh_from_db()
    handover_service.family_read(user, case, request=request)
    may_give_view = can(user, "give_view", case)
    handover, content, frozen = handover_service.content_for(case, user)
    form = FamilyViewForm(request.POST or None, initial={"text": handover.family_view})
    style_form(form)
    if request.method == "POST":
        if not may_give_view:
            raise Http404
        if form.is_valid():
            try:
                handover_service.give_family_view(user, case, form.cleaned_data["text"], request=request)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, gettext("Thank you. Your view goes with the report to the new school."))
                return redirect("transitions:handover", pk=case.pk)
    record(
        user,
        Action.READ,
        case,
        request=request,
        legal_basis=",".join(sorted({s["basis"] for s in content["sections"]})),
        detail={"handover": handover.pk, "categories": [s["category"] for s in content["sections"]], "sent": frozen},
    )
    return render(
        request,
        "transitions/handover.html",
        {
            "case": case,
            "handover": handover,
            "content": content,
            "frozen": frozen,
            "form": form if may_give_view else None,
            "is_family": actor.membership is None,
        },
    )


@login_required
@require_POST
def handover_inzage(request, pk: int):
    case = authorised_object(request, TransitionCase.objects.all(), "change", pk=pk)
    form = style_form(InzageForm(request.POST))  # so each message names its field
    if form.is_valid():
        try:
            handover_service.record_inzage(
                request.user,
                case,
                form.cleaned_data["inzage_on"],
                by_name=form.cleaned_data["by_name"],
                request=request,
            )
        except ValidationError as error:
            flash_errors(request, error)
    else:
        flash_errors(request, form.errors)
    return redirect("transitions:detail", pk=case.pk)


@login_required
@require_POST
def handover_no_view(request, pk: int):
    case = authorised_object(request, TransitionCase.objects.all(), "change", pk=pk)
    try:
        handover_service.waive_family_view(request.user, case, request=request)
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("transitions:detail", pk=case.pk)


# --- Notifications and signals ----------------------------------------------------------------------------------


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = authorised_object(request, Notification.objects.all(), "view", pk=pk)
    mark_read(request.user, notification)
    if request.POST.get("open"):
        return redirect("transitions:detail", pk=notification.case_id)
    return redirect("transitions:list")


@login_required
@require_POST
def signal_handled(request, pk: int):
    signal = authorised_object(request, Signal.objects.select_related("case"), "handle", pk=pk)
    handle_signal(request.user, signal, request=request)
    return redirect("transitions:list")


# --- Meetings ---------------------------------------------------------------------------------------------------


def _suggested_participants(case):
    people = [{"name": "", "role": ParticipantRole.LEERLING}, {"name": "", "role": ParticipantRole.OUDER}]
    people.append({"name": str(case.from_organisation), "role": ParticipantRole.SCHOOL_VAN})
    if case.to_organisation:
        people.append({"name": str(case.to_organisation), "role": ParticipantRole.SCHOOL_NAAR})
    return people


@login_required
def meeting_new(request, pk: int):
    case = authorised_object(
        request, TransitionCase.objects.select_related("pupil", "from_organisation", "to_organisation"), "meet", pk=pk
    )
    initial_kind = request.GET.get("soort") if request.GET.get("soort") in MeetingKind.values else None
    form = style_form(
        MeetingForm(
            request.POST or None,
            initial={"kind": initial_kind or MeetingKind.WARME_OVERDRACHT, "agenda": agenda_for(request.user, case)},
        )
    )
    participants = style_form(
        ParticipantFormSet(request.POST or None, prefix="deelnemer", initial=_suggested_participants(case))
    )
    agreements = style_form(AgreementFormSet(request.POST or None, prefix="afspraak"))
    if request.method == "POST" and form.is_valid() and participants.is_valid() and agreements.is_valid():
        data = form.cleaned_data
        try:
            meeting = record_meeting(
                request.user,
                case,
                kind=data["kind"],
                held_on=data["held_on"],
                location=data["location"],
                agenda=data["agenda"],
                notes=data["notes"],
                follow_up_on=data["follow_up_on"],
                participants=[p for p in participants.cleaned_data if p],
                agreements=[a for a in agreements.cleaned_data if a],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("transitions:meeting", pk=meeting.pk)
    record(request.user, Action.READ, case, request=request, detail={"page": "meeting-new"})
    return render(
        request,
        "transitions/meeting_form.html",
        {"case": case, "form": form, "participants": participants, "agreements": agreements},
    )


@login_required
def meeting_detail(request, pk: int):
    meeting = authorised_object(
        request,
        Meeting.objects.select_related("case__pupil", "organiser").prefetch_related("participants", "agreements"),
        "view",
        pk=pk,
    )
    record(request.user, Action.READ, meeting, pupil_id=meeting.case.pupil_id, request=request)
    return render(
        request,
        "transitions/meeting_detail.html",
        {"meeting": meeting, "case": meeting.case, "may_meet": can(request.user, "meet", meeting.case)},
    )


@login_required
@require_POST
def agreement_mark_done(request, pk: int):
    agreement = Agreement.objects.select_related("meeting__case").filter(pk=pk).first()
    meeting = authorised_object(request, Meeting.objects.all(), "view", pk=agreement.meeting_id if agreement else 0)
    if not can(request.user, "meet", meeting.case):
        raise Http404
    agreement_done(request.user, agreement, request=request)
    return redirect("transitions:meeting", pk=meeting.pk)


# --- The new mentor's page --------------------------------------------------------------------------------------

MENTOR_CATEGORIES = ("werkzame_elementen", "handelingsadviezen", "ondersteuningsbehoeften")


@login_required
def mentor_page(request, pk: int):
    """One page for the pupil's new mentor: the receiving school's note, what works and the practical advice
    from the handover, the open agreements and the family's view."""
    case = authorised_object(
        request, TransitionCase.objects.select_related("pupil", "from_organisation", "to_organisation"), "mentor", pk=pk
    )
    note = MentorNote.objects.filter(case=case).first()
    may_write = can(request.user, "write_mentor_note", case)
    form = None
    newer = None
    status = 200
    if may_write:
        form = style_form(
            MentorNoteForm(
                request.POST or None,
                initial={"text": note.text if note else "", "version": note.version if note else 0},
            )
        )
        if request.method == "POST" and form.is_valid():
            try:
                save_mentor_note(
                    request.user, case, form.cleaned_data["text"], form.cleaned_data["version"], request=request
                )
            except StaleNote as stale:
                newer = stale.current
                status = 409
                form.add_error(
                    None,
                    gettext(
                        "Someone else saved this note while you were writing. Their version is shown above; "
                        "your text is still in the form. Combine the two and save again."
                    ),
                )
                form.data = form.data.copy()
                form.data["version"] = newer.version if newer else 0
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, gettext("The note for the mentor is saved."))
                return redirect("transitions:mentor", pk=case.pk)
    elif request.method == "POST":
        raise Http404
    handover = handover_service.sent_handover(case)
    sections = []
    if handover is not None and handover.sent_at is not None:
        sections = [s for s in handover.content.get("sections", []) if s["category"] in MENTOR_CATEGORIES]
    agreements = (
        Agreement.objects.filter(meeting__case=case, done_on__isnull=True)
        .exclude(meeting__kind=MeetingKind.MDO_ZAT)
        .select_related("meeting")
    )
    record(request.user, Action.READ, case, request=request, detail={"page": "mentor"})
    return render(
        request,
        "transitions/mentor.html",
        {
            "case": case,
            "note": note,
            "newer": newer,
            "form": form,
            "sections": sections,
            "agreements": agreements,
            "family_view": handover.content.get("family_view", "") if handover and handover.sent_at else "",
        },
        status=status,
    )
