"""The pages of a correction request (AVG art. 16): the family asks from the entry as they see it, the school that
wrote the entry answers, and both read the request with its history. Reads go through the selectors, writes through
``correction_services``; every page records what it showed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import allowed_actions
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors
from overstap.pupils.models import Pupil
from overstap.pupils.scopes import speaks_to_pupil

from .correction_services import answer_correction, ask_correction, check_answer, check_ask
from .forms import CorrectionAnswerForm, CorrectionAskForm
from .models import CorrectionRequest, CorrectionStatus, Entry
from .selectors import correction_history, corrections_for
from .services import EditConflict


def _family_words(request, pupil) -> dict:
    """Whether the page speaks to the pupil ("je") or to a parent ("u"), and whether it speaks to the family."""
    is_family = actor_for(request.user).membership is None
    return {"is_family": is_family, "to_pupil": is_family and speaks_to_pupil(request.user, pupil)}


@login_required
def correction_ask(request, pk: int):
    entry = authorised_object(
        request, Entry.objects.select_related("pupil", "organisation"), "request_correction", pk=pk
    )
    record(request.user, Action.READ, entry, pupil_id=entry.pupil_id, request=request, detail={"correction": "ask"})
    form = CorrectionAskForm(request.POST or None)
    blocked = None
    try:
        check_ask(request.user, entry)
    except ValidationError as error:
        blocked = error.messages
    if request.method == "POST" and blocked is None and form.is_valid():
        try:
            correction = ask_correction(request.user, entry, **form.cleaned_data, request=request)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, gettext("The request has been sent to the school."))
            return redirect("dossiers:correction", pk=correction.pk)
    return render(
        request,
        "dossiers/corrections/ask.html",
        {"entry": entry, "pupil": entry.pupil, "form": form, "blocked": blocked, **_family_words(request, entry.pupil)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def corrections(request, pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "view_dossier", pk=pk)
    shown = list(corrections_for(request.user, pupil))
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type="dossiers.CorrectionRequest",
        object_repr=f"{len(shown)} correction requests",
        pupil_id=pupil.pk,
        detail={"ids": [c.pk for c in shown]},
    )
    return render(
        request,
        "dossiers/corrections/list.html",
        {
            "pupil": pupil,
            "open": [c for c in shown if c.is_open],
            "answered": [c for c in shown if not c.is_open],
            **_family_words(request, pupil),
        },
    )


def _record_read(request, correction) -> None:
    # The page shows the entry the request is about, its text included: the read names it.
    record(
        request.user,
        Action.READ,
        correction,
        pupil_id=correction.pupil_id,
        request=request,
        detail={"shown": {"dossiers.Entry": [correction.entry_id]}},
    )


def _queryset():
    return CorrectionRequest.objects.select_related("entry", "pupil", "organisation")


@login_required
def correction_detail(request, pk: int):
    correction = authorised_object(request, _queryset(), "view", also=("answer",), pk=pk)
    _record_read(request, correction)
    form = CorrectionAnswerForm(initial={"text": correction.entry.text, "version": correction.entry.version})
    return _detail(request, correction, form)


def _detail(request, correction, form, *, status=200, conflict=False):
    allowed = allowed_actions(request.user, correction, ("answer",))
    return render(
        request,
        "dossiers/corrections/detail.html",
        {
            "correction": correction,
            "entry": correction.entry,
            "pupil": correction.pupil,
            "events": correction_history(correction),
            "may_answer": "answer" in allowed and correction.is_open,
            "form": form,
            "conflict": conflict,
            **_family_words(request, correction.pupil),
        },
        status=status,
    )


ANSWER_WORDS = {
    CorrectionStatus.CORRECTED: (
        _("Correct the entry?"),
        _(
            "The entry gets the new text. The text as it was stays in the entry's history, and the family reads "
            "your answer."
        ),
        _("Correct the entry"),
    ),
    CorrectionStatus.ADDED: (
        _("Add the family's text to the entry?"),
        _(
            "The family's text is added below the entry, marked as theirs, and travels wherever the entry goes. "
            "The family reads your answer."
        ),
        _("Add the family's text"),
    ),
    CorrectionStatus.REFUSED: (
        _("Leave the entry as it is?"),
        _("The entry does not change. The family reads your reason, and can still add their view to the dossier."),
        _("Leave the entry as it is"),
    ),
}


@login_required
@require_POST
def correction_answer(request, pk: int):
    """An answer cannot be undone: first the shared confirmation page with what was written, then the answer."""
    correction = authorised_object(request, _queryset(), "answer", pk=pk)
    form = CorrectionAnswerForm(request.POST)
    if request.POST.get("change") or not form.is_valid():
        _record_read(request, correction)
        return _detail(request, correction, form, status=200 if request.POST.get("change") else 400)
    data = form.cleaned_data
    answer, text, note = data["answer"], data["text"], data["note"]
    if request.POST.get("confirmed"):
        try:
            answer_correction(
                request.user,
                correction,
                answer,
                text=text,
                note=note,
                expected_version=data.get("version") or 0,
                request=request,
            )
        except EditConflict as error:
            form = CorrectionAnswerForm(request.POST.copy())
            form.is_valid()
            form.data["version"] = error.current.version
            form.add_error(
                None,
                gettext(
                    "Someone changed the entry while you were answering. Nothing has been saved yet: your text is "
                    "still in the form. Read the entry as it is now and answer again."
                ),
            )
            correction.entry.refresh_from_db()
            return _detail(request, correction, form, status=409, conflict=True)
        except ValidationError as error:
            apply_errors(form, error)
            return _detail(request, correction, form, status=400)
        messages.success(request, gettext("Your answer is saved. The family can read it now."))
        return redirect("dossiers:correction", pk=correction.pk)
    try:
        check_answer(request.user, correction, answer, text=text, note=note)
    except ValidationError as error:
        apply_errors(form, error)
        return _detail(request, correction, form, status=400)
    record(
        request.user, Action.READ, correction, pupil_id=correction.pupil_id, request=request, detail={"page": "confirm"}
    )
    title, consequence, button = ANSWER_WORDS[answer]
    facts = [
        (gettext("Pupil"), correction.pupil.full_name),
        (gettext("Entry"), correction.entry.title),
        (gettext("The family asked"), correction.what_is_wrong),
    ]
    if answer == CorrectionStatus.CORRECTED:
        facts.append((gettext("New text of the entry"), text))
    elif answer == CorrectionStatus.ADDED:
        facts.append((gettext("Text that is added"), correction.should_say))
    if note:
        facts.append((form.fields["note"].label, note))
    confirm = {
        "kicker": f"{correction.pupil.full_name} · {correction.entry.title}",
        "title": str(title),
        "facts": facts,
        "consequence": str(consequence),
        "action": reverse("dossiers:correction-answer", args=[correction.pk]),
        "fields": [
            ("answer", answer),
            ("text", text),
            ("note", note),
            ("version", data.get("version") or ""),
            ("confirmed", "1"),
        ],
        "button": str(button),
        "change": gettext("Change the answer"),
        "cancel": reverse("dossiers:correction", args=[correction.pk]),
    }
    return render(request, "ui/confirm.html", {"confirm": confirm})
