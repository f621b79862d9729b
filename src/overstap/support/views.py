"""The pages of the SWV route (under /ondersteuning/): the list, a new request, the request with its advice and
decision, and the decision letter. Reads come from ``selectors``, writes go through ``services`` and ``workflow``."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record, record_form_shown
from overstap.authz.policy import allowed_actions
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, flash_errors, style_form
from overstap.organisations.models import PO_TYPES
from overstap.pupils.models import Pupil

from .forms import AdviceForm, DecisionForm, RequestForm
from .letter import decision_letter
from .models import PO_KINDS, VO_KINDS, FundingCategory, SupportRequest
from .selectors import ending_tlvs_for, requests_for
from .services import check_decision, decide, give_advice, request_support, withdraw


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
        detail={
            "ids": [r.pk for r in shown],
            "ending_tlvs": [d.request_id for d in ending],
            "pupil_ids": sorted({r.pupil_id for r in shown} | {d.request.pupil_id for d in ending}),
        },
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
    record_form_shown(request, pupil, "support-request-new")
    return render(request, "support/new.html", {"pupil": pupil, "form": form})


# What a person may do with a request, asked of the checkpoint at once.
REQUEST_ACTIONS = ("advise", "decide", "withdraw")


def _detail(request, support, *, advice_form=None, decision_form=None, status=200):
    user = request.user
    record(user, Action.READ, support, request=request, legal_basis="taak_swv")
    allowed = allowed_actions(user, support, REQUEST_ACTIONS)
    own_advice = support.advices.filter(expert=user).first()
    may_advise = "advise" in allowed and own_advice is None
    # The actions of this person's role on this request, as the checkpoint allows them, at the top of the page.
    actions = []
    if may_advise:
        actions.append({"label": gettext("Give your expert advice"), "href": "#advies"})
    if "decide" in allowed:
        actions.append({"label": gettext("Take the decision"), "href": "#besluit"})
    if "withdraw" in allowed:
        actions.append(
            {"label": gettext("Withdraw the request…"), "href": reverse("support:withdraw", args=[support.pk])}
        )
    acting = getattr(user, "acting_membership", None)
    for_swv = acting is not None and acting.organisation.is_swv
    return render(
        request,
        "support/detail.html",
        {
            "support": support,
            "advices": support.advices.all(),
            "decision": getattr(support, "decision", None),
            "actions": actions,
            "own_advice": own_advice,
            "for_swv": for_swv,
            "ending_count": len(ending_tlvs_for(user)) if for_swv else 0,
            "advice_form": advice_form or (style_form(AdviceForm()) if may_advise else None),
            "decision_form": decision_form or (style_form(DecisionForm()) if "decide" in allowed else None),
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
    support = authorised_object(request, SupportRequest.objects.select_related("pupil", "school"), "decide", pk=pk)
    form = style_form(DecisionForm(request.POST))
    if request.POST.get("change"):
        # Back from the confirmation to the form, filled in as it was.
        return _detail(request, support, decision_form=form)
    if form.is_valid() and not request.POST.get("confirmed"):
        # A decision cannot be undone: first what it says and who gets the letter, then the decision itself.
        data = form.cleaned_data
        try:
            check_decision(
                support,
                granted=data["granted"],
                motivation=data["motivation"],
                start_date=data.get("start_date"),
                end_date=data.get("end_date"),
                funding_category=data.get("funding_category") or "",
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return _confirm_decision(request, support, form)
    elif form.is_valid():
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
            messages.success(
                request,
                gettext("The decision is taken. The decision letter is ready for the school and the parents."),
            )
            return redirect("support:detail", pk=support.pk)
    return _detail(request, support, decision_form=form, status=400)


def _confirm_decision(request, support, form):
    """The shared confirmation page, with the decision as it will be taken; confirming posts the same fields."""
    data = form.cleaned_data
    facts = [
        (gettext("Pupil"), support.pupil.full_name),
        (gettext("Request"), support.get_kind_display()),
        (gettext("Decision"), gettext("Granted") if data["granted"] else gettext("Refused")),
    ]
    if data["granted"] and data.get("start_date"):
        facts.append(
            (gettext("Valid"), f"{date_format(data['start_date'], 'j F Y')} – {date_format(data['end_date'], 'j F Y')}")
        )
    if data["granted"] and data.get("funding_category"):
        facts.append((gettext("Funding category"), FundingCategory(data["funding_category"]).label))
    facts += [
        (gettext("Motivation"), data["motivation"]),
        (gettext("Letter to"), gettext("%(school)s and the parents") % {"school": support.school}),
    ]
    fields = [(name, request.POST.get(name, "")) for name in form.fields]
    confirm = {
        "kicker": f"{support.pupil.full_name} · {support.get_kind_display()}",
        "title": gettext("Take this decision?"),
        "facts": facts,
        "consequence": gettext(
            "The decision gets its number and its letter, and the request is closed; a change needs a new request."
        ),
        "action": reverse("support:decide", args=[support.pk]),
        "fields": [*fields, ("confirmed", "1")],
        "button": gettext("Take the decision"),
        "change": gettext("Change the decision"),
        "cancel": reverse("support:detail", args=[support.pk]),
    }
    record(request.user, Action.READ, support, request=request, legal_basis="taak_swv", detail={"page": "confirm"})
    return render(request, "ui/confirm.html", {"confirm": confirm})


@login_required
@require_http_methods(["GET", "POST"])
def request_withdraw(request, pk: int):
    """GET: the confirmation page; POST (from it): the request is withdrawn."""
    support = authorised_object(
        request, SupportRequest.objects.select_related("pupil", "school", "swv"), "withdraw", pk=pk
    )
    if request.method == "GET":
        record(request.user, Action.READ, support, request=request, legal_basis="taak_swv", detail={"page": "confirm"})
        confirm = {
            "kicker": f"{support.pupil.full_name} · {support.get_kind_display()}",
            "title": gettext("Withdraw this request?"),
            "facts": [
                (gettext("Pupil"), support.pupil.full_name),
                (gettext("Request"), support.get_kind_display()),
                (gettext("To"), str(support.swv)),
                (gettext("Status now"), support.get_status_display()),
            ],
            "consequence": gettext(
                "The samenwerkingsverband stops working on it and gives no decision; for support later, ask anew."
            ),
            "action": reverse("support:withdraw", args=[support.pk]),
            "fields": [],
            "button": gettext("Withdraw the request"),
            "cancel": reverse("support:detail", args=[support.pk]),
        }
        return render(request, "ui/confirm.html", {"confirm": confirm})
    try:
        withdraw(request.user, support, request=request)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, gettext("The request is withdrawn."))
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
