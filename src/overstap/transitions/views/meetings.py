"""Meetings about a case: the warm handover, MDO/ZAT and the Overstaptafel, with their agreements."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, style_form

from ..forms import AgreementFormSet, MeetingForm, ParticipantFormSet
from ..meetings import agenda_for, agreement_done, record_meeting
from ..models import Agreement, Meeting, MeetingKind, ParticipantRole, TransitionCase


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
