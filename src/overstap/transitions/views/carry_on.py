"""The receiving school carries a received OPP or plan of approach on as its own (``carry_on.py``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, style_form
from overstap.dossiers.forms import (
    ActionFormSet,
    GoalFormSet,
    OppForm,
    PlanForm,
    opp_arguments,
    plan_arguments,
)
from overstap.dossiers.plan_services import create_integral_plan, create_opp

from .. import carry_on
from ..models import TransitionCase


def _received(request, pk: int, kind: str, index: int):
    case = authorised_object(
        request,
        TransitionCase.objects.select_related("pupil", "from_organisation", "to_organisation"),
        "receive",
        pk=pk,
    )
    received = carry_on.received_plan(request.user, case, kind, index)
    if received is None:
        return case, None
    # Reading the frozen copy to carry it on is a read of the handover, on the basis of its section.
    section = next(s for s in received.handover.content["sections"] if s["category"] == carry_on.KINDS[kind])
    record(
        request.user,
        Action.READ,
        case,
        request=request,
        legal_basis=section.get("basis", ""),
        detail={"handover": received.handover.pk, "carry_on": kind, "item": index},
    )
    return case, received


def _not_yet(request, case):
    messages.error(
        request, gettext("A plan is carried on once your school confirmed receipt of the handover and the pupil comes.")
    )
    return redirect("transitions:detail", pk=case.pk)


def _based_on(received) -> dict:
    return {"school": received.handover.case.from_organisation, "received_on": received.received_on}


@login_required
def carry_opp(request, pk: int, index: int):
    case, received = _received(request, pk, "opp", index)
    if received is None:
        return _not_yet(request, case)
    initial, goal_initial = carry_on.opp_initial(received)
    form = style_form(OppForm(request.POST or None, initial=initial))
    goals = style_form(GoalFormSet(request.POST or None, initial=goal_initial, prefix="doel"))
    if request.method == "POST" and form.is_valid() and goals.is_valid():
        try:
            create_opp(
                request.user, case.pupil, **opp_arguments(form, goals), based_on=received.based_on, request=request
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, gettext("Your school's OPP is saved."))
            return redirect("dossiers:plans", pk=case.pupil_id)
    return render(
        request,
        "dossiers/opp_form.html",
        {"pupil": case.pupil, "form": form, "goals": goals, "based_on": _based_on(received)},
    )


@login_required
def carry_plan(request, pk: int, index: int):
    case, received = _received(request, pk, "plan", index)
    if received is None:
        return _not_yet(request, case)
    initial, action_initial = carry_on.plan_initial(received)
    form = style_form(PlanForm(request.POST or None, initial=initial))
    actions = style_form(ActionFormSet(request.POST or None, initial=action_initial, prefix="regel"))
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        try:
            create_integral_plan(
                request.user,
                case.pupil,
                **plan_arguments(form, actions),
                based_on=received.based_on,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, gettext("Your school's plan of approach is saved."))
            return redirect("dossiers:plans", pk=case.pupil_id)
    return render(
        request,
        "dossiers/integral_plan_form.html",
        {"pupil": case.pupil, "form": form, "actions": actions, "based_on": _based_on(received)},
    )
