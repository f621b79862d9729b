"""The new mentor's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, style_form

from .. import handover as handover_service
from ..forms import MentorNoteForm
from ..meetings import StaleNote, save_mentor_note
from ..models import Agreement, MeetingKind, MentorNote, TransitionCase

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
            "family_verdict": handover.content.get("family_verdict", "") if handover and handover.sent_at else "",
        },
        status=status,
    )
