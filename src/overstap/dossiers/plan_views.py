from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, flash_errors, style_form
from overstap.pupils.models import Pupil

from .forms import ActionFormSet, EvaluationForm, GoalFormSet, OppForm, PlanForm
from .models import IntegralPlan, Opp, OppEvaluation
from .plan_services import create_integral_plan, create_opp
from .plan_services import record_evaluation as save_evaluation


@login_required
def plans(request, pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "view_dossier", pk=pk)
    opps = Opp.objects.for_user(request.user, "list").filter(pupil=pupil).prefetch_related("goals", "evaluations")
    integral = IntegralPlan.objects.for_user(request.user, "list").filter(pupil=pupil).prefetch_related("actions")
    record(request.user, Action.READ, pupil, request=request, detail={"plans": True})
    return render(
        request,
        "dossiers/plans.html",
        {
            "pupil": pupil,
            "opps": opps,
            "plans": integral,
            "may_write": can(request.user, "write_plans", pupil),
            "evaluation_form": style_form(EvaluationForm()),
        },
    )


@login_required
def opp_new(request, pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "write_plans", pk=pk)
    form = style_form(OppForm(request.POST or None))
    goals = style_form(GoalFormSet(request.POST or None, prefix="doel"))
    if request.method == "POST" and form.is_valid() and goals.is_valid():
        data = form.cleaned_data
        try:
            create_opp(
                request.user,
                pupil,
                exit_profile=data["exit_profile"],
                exit_level=data["exit_level"],
                approach=data["approach"],
                parents_discussed_on=data.get("parents_discussed_on"),
                goals=[g for g in goals.cleaned_data if g],
                evaluations=[d for d in (data["first_evaluation"], data.get("second_evaluation")) if d],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("dossiers:plans", pk=pupil.pk)
    return render(request, "dossiers/opp_form.html", {"pupil": pupil, "form": form, "goals": goals})


@login_required
def integral_plan_new(request, pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "write_plans", pk=pk)
    form = style_form(PlanForm(request.POST or None))
    actions = style_form(ActionFormSet(request.POST or None, prefix="regel"))
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        try:
            create_integral_plan(
                request.user,
                pupil,
                coordinator=form.cleaned_data["coordinator"],
                evaluation_on=form.cleaned_data["evaluation_on"],
                actions=[a for a in actions.cleaned_data if a],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("dossiers:plans", pk=pupil.pk)
    return render(request, "dossiers/integral_plan_form.html", {"pupil": pupil, "form": form, "actions": actions})


@login_required
@require_POST
def opp_evaluation(request, pk: int):
    evaluation = OppEvaluation.objects.select_related("opp__pupil").filter(pk=pk).first()
    opp = authorised_object(request, Opp.objects.all(), "view", pk=evaluation.opp_id if evaluation else 0)
    from django.contrib import messages
    from django.utils.translation import gettext

    form = EvaluationForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Outcome: write what the evaluation showed."))
    else:
        try:
            save_evaluation(request.user, evaluation, form.cleaned_data["outcome"], request=request)
        except ValidationError as error:
            flash_errors(request, error)
    return redirect("dossiers:plans", pk=opp.pupil_id)
