from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, flash_errors, style_form
from overstap.organisations.models import PO_TYPES
from overstap.pupils.models import Pupil

from .letter import decision_letter
from .support import (
    PO_KINDS,
    VO_KINDS,
    FundingCategory,
    Kind,
    Status,
    SupportRequest,
    change_status,
    decide,
    give_advice,
    request_support,
    tlvs_ending,
)


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you request?"))
    question = forms.CharField(
        label=_("Question of the school"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What does the pupil need, what has the school already tried, and what do the parents think?"),
        error_messages={"required": _("Question: describe what the pupil needs and what the school already tried.")},
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in Kind if k in kinds]
        style_form(self)


class AdviceForm(forms.Form):
    advice = forms.CharField(
        label=_("Your expert advice"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Advice: write your expert advice.")},
    )
    recommends = forms.TypedChoiceField(
        label=_("Your conclusion"),
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        choices=[("ja", _("Grant the request")), ("nee", _("Do not grant the request"))],
        error_messages={"required": _("Conclusion: choose whether you recommend the request.")},
    )


class DecisionForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        choices=[("ja", _("Granted")), ("nee", _("Refused"))],
        error_messages={"required": _("Decision: choose granted or refused.")},
    )
    start_date = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("From: use the form dd-mm-yyyy.")},
    )
    end_date = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Until: use the form dd-mm-yyyy.")},
    )
    funding_category = forms.ChoiceField(
        label=_("Funding category (TLV SO/VSO only)"),
        required=False,
        choices=[("", "—"), *FundingCategory.choices],
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("In words the parents understand: this text goes into the decision letter."),
        error_messages={"required": _("Motivation: explain the decision in words the parents understand.")},
    )


@login_required
def request_list(request):
    requests = (
        SupportRequest.objects.for_user(request.user, "list")
        .select_related("pupil", "school", "decision")
        .order_by("status", "-requested_at")
    )
    shown = list(requests[:200])
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type="dossiers.SupportRequest",
        object_repr=f"{len(shown)} support requests",
        detail={"ids": [r.pk for r in shown]},
    )
    ending = []
    acting = getattr(request.user, "acting_membership", None)
    if acting is not None and acting.organisation.is_swv:
        # TLVs that end within four months: time to plan the next step with school and parents.
        visible = SupportRequest.objects.for_user(request.user, "list").filter(swv=acting.organisation)
        ending = list(tlvs_ending(120).filter(request__in=visible).order_by("end_date"))
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type="dossiers.SupportRequest",
        object_repr=f"{len(shown)} support requests",
        detail={"ids": [r.pk for r in shown], "ending_tlvs": [d.request_id for d in ending]},
    )
    return render(request, "dossiers/support_list.html", {"requests": shown, "ending": ending})


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
            return redirect("dossiers:support-detail", pk=support.pk)
    return render(request, "dossiers/support_new.html", {"pupil": pupil, "form": form})


def _detail(request, support, *, advice_form=None, decision_form=None, status=200):
    record(request.user, Action.READ, support, request=request, legal_basis="taak_swv")
    return render(
        request,
        "dossiers/support_detail.html",
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
            return redirect("dossiers:support-detail", pk=support.pk)
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
            return redirect("dossiers:support-detail", pk=support.pk)
    return _detail(request, support, decision_form=form, status=400)


@login_required
@require_POST
def request_withdraw(request, pk: int):
    support = authorised_object(request, SupportRequest.objects.all(), "withdraw", pk=pk)
    try:
        change_status(request.user, support, Status.WITHDRAWN, request=request)
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("dossiers:support-detail", pk=support.pk)


@login_required
def decision_letter_pdf(request, pk: int):
    support = authorised_object(request, SupportRequest.objects.select_related("pupil", "school", "swv"), "view", pk=pk)
    decision = getattr(support, "decision", None)
    if decision is None:
        from django.http import Http404

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
