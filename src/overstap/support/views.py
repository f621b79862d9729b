"""The pages of the SWV route (under /ondersteuning/): the list, a new request, the request with its advice and
decision, and the decision letter. Reads come from ``selectors``, writes go through ``services`` and ``workflow``."""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, flash_errors, style_form
from overstap.organisations.models import PO_TYPES
from overstap.pupils.models import Pupil

from .forms import AdviceForm, DecisionForm, RequestForm
from .letter import decision_letter
from .models import PO_KINDS, VO_KINDS, SupportRequest
from .selectors import ending_tlvs_for, requests_for
from .services import decide, give_advice, request_support, withdraw


@login_required
def request_list(request):
    shown = requests_for(request.user)
    # For the samenwerkingsverband: the TLVs that end within four months, to plan the next step in time.
    ending = ending_tlvs_for(request.user)
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type=SupportRequest._meta.label,
        object_repr=f"{len(shown)} support requests",
        detail={"ids": [r.pk for r in shown], "ending_tlvs": [d.request_id for d in ending]},
    )
    return render(request, "support/list.html", {"requests": shown, "ending": ending})


@login_required
def request_new(request, pupil_pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "request_support", pk=pupil_pk)
    school = request.user.acting_membership.organisation
    kinds = PO_KINDS if school.type in PO_TYPES else VO_KINDS
    form = RequestForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            support = request_support(
                request.user, pupil, form.cleaned_data["kind"], form.cleaned_data["question"], request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("support:detail", pk=support.pk)
    return render(request, "support/new.html", {"pupil": pupil, "form": form})


def _detail(request, support, *, advice_form=None, decision_form=None, status=200):
    record(request.user, Action.READ, support, request=request, legal_basis="taak_swv")
    return render(
        request,
        "support/detail.html",
        {
            "support": support,
            "advices": support.advices.all(),
            "decision": getattr(support, "decision", None),
            "advice_form": advice_form
            or (
                style_form(AdviceForm())
                if can(request.user, "advise", support) and not support.advices.filter(expert=request.user).exists()
                else None
            ),
            "decision_form": decision_form
            or (style_form(DecisionForm()) if can(request.user, "decide", support) else None),
            "may_withdraw": can(request.user, "withdraw", support),
        },
        status=status,
    )


@login_required
def request_detail(request, pk: int):
    support = authorised_object(request, SupportRequest.objects.select_related("pupil", "school", "swv"), "view", pk=pk)
    return _detail(request, support)


@login_required
@require_POST
def request_advice(request, pk: int):
    support = authorised_object(request, SupportRequest.objects.all(), "advise", pk=pk)
    form = style_form(AdviceForm(request.POST))
    if form.is_valid():
        try:
            give_advice(
                request.user, support, form.cleaned_data["advice"], form.cleaned_data["recommends"], request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("support:detail", pk=support.pk)
    return _detail(request, support, advice_form=form, status=400)


@login_required
@require_POST
def request_decide(request, pk: int):
    support = authorised_object(request, SupportRequest.objects.all(), "decide", pk=pk)
    form = style_form(DecisionForm(request.POST))
    if form.is_valid():
        data = form.cleaned_data
        try:
            decide(
                request.user,
                support,
                granted=data["granted"],
                motivation=data["motivation"],
                start_date=data.get("start_date"),
                end_date=data.get("end_date"),
                funding_category=data.get("funding_category") or "",
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("support:detail", pk=support.pk)
    return _detail(request, support, decision_form=form, status=400)


@login_required
@require_POST
def request_withdraw(request, pk: int):
    support = authorised_object(request, SupportRequest.objects.all(), "withdraw", pk=pk)
    try:
        withdraw(request.user, support, request=request)
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("support:detail", pk=support.pk)


@login_required
def decision_letter_pdf(request, pk: int):
    support = authorised_object(request, SupportRequest.objects.select_related("pupil", "school", "swv"), "view", pk=pk)
    decision = getattr(support, "decision", None)
    if decision is None:
        raise Http404
    pdf = decision_letter(decision)
    record(
        request.user,
        Action.DOWNLOAD,
        support,
        request=request,
        legal_basis="taak_swv",
        detail={"letter": decision.number},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="besluit-{decision.number}.pdf"'
    return response
