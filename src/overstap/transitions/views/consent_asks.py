"""Consent asked in the context of a move: the sending school asks from the case page, the family answers one
plain question per category and recipient."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, pgettext
from django.views.decorators.http import require_http_methods, require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, flash_errors, style_form

from .. import consent_asks
from ..forms import ConsentAnswerForm
from ..models import ConsentAsk, TransitionCase
from ..selectors import consent_question


@login_required
@require_POST
def consent_ask_new(request, pk: int):
    """The sending school asks the family about the categories it ticked, for the move's recipient."""
    case = authorised_object(
        request, TransitionCase.objects.select_related("pupil", "to_organisation"), "change", pk=pk
    )
    try:
        asked = consent_asks.ask(request.user, case, request.POST.getlist("categories"), request=request)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        if asked:
            messages.success(
                request,
                gettext("The family is asked. They see the question on their page; you see the answer here."),
            )
        else:
            messages.info(request, gettext("Nothing new to ask: these questions are open or answered yes already."))
    return redirect(reverse("transitions:detail", args=[case.pk]) + "#kop-toestemming")


@login_required
@require_http_methods(["GET", "POST"])
def consent_ask_answer(request, pk: int):
    """One question to the family: may the school pass this on to this recipient? The one who decides on consent
    answers yes or no; the rest of the family reads who decides."""
    question = authorised_object(
        request,
        ConsentAsk.objects.select_related("case__pupil", "case__from_organisation", "recipient", "consent"),
        "view",
        pk=pk,
    )
    may_answer = can(request.user, "answer", question)
    shown = consent_question(request.user, question)
    form = style_form(ConsentAnswerForm(request.POST if request.method == "POST" else None, to_pupil=shown["to_pupil"]))
    status = 200
    if request.method == "POST":
        if not may_answer:
            raise Http404
        if form.is_valid():
            try:
                consent_asks.change_status(request.user, question, form.cleaned_data["answer"], request=request)
            except ValidationError as error:
                apply_errors(form, error)
                status = 400
            except PermissionDenied as error:
                form.add_error(None, str(error))
                status = 403
            else:
                thanks = (
                    pgettext("to the pupil", "Thank you. Your answer is saved and the school sees it.")
                    if shown["to_pupil"]
                    else gettext("Thank you. Your answer is saved and the school sees it.")
                )
                messages.success(request, thanks)
                return redirect("transitions:consent-question", pk=question.pk)
        else:
            status = 400
    record(
        request.user,
        Action.READ,
        question,
        pupil_id=question.case.pupil_id,
        request=request,
        detail={"case": question.case_id, "category": question.category},
    )
    return render(
        request,
        "transitions/consent_question.html",
        {**consent_question(request.user, question), "form": form if may_answer else None},  # answered: read anew
        status=status,
    )
