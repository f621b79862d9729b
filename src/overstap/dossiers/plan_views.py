from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import can
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, flash_errors, style_form
from overstap.pupils.models import Pupil

from .models import ExitProfile, ForWhom, IntegralPlan, Opp, OppEvaluation
from .plan_services import create_integral_plan, create_opp
from .plan_services import record_evaluation as save_evaluation

DATE = forms.DateInput(attrs={"type": "date"})


class OppForm(forms.Form):
    exit_profile = forms.ChoiceField(label=_("Exit profile"), choices=ExitProfile.choices)
    exit_level = forms.CharField(
        label=_("Expected level"), max_length=200, help_text=_("For example: vmbo-kader, Entree, PrO.")
    )
    approach = forms.CharField(label=_("Approach"), widget=forms.Textarea(attrs={"rows": 5}))
    parents_discussed_on = forms.DateField(label=_("Discussed with the parents on"), required=False, widget=DATE)
    first_evaluation = forms.DateField(label=_("First evaluation"), widget=DATE)
    second_evaluation = forms.DateField(label=_("Second evaluation"), required=False, widget=DATE)


class GoalForm(forms.Form):
    area = forms.CharField(label=_("Area"), max_length=100, required=False)
    goal = forms.CharField(label=_("Goal"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    intermediate_goals = forms.CharField(
        label=_("Intermediate goals (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    target_date = forms.DateField(label=_("To be reached by"), required=False, widget=DATE)


class PlanForm(forms.Form):
    coordinator = forms.CharField(
        label=_("Coordinator"),
        max_length=200,
        help_text=_("The one person who keeps the plan together and whom the family can call."),
    )
    evaluation_on = forms.DateField(label=_("Evaluation on"), widget=DATE)


class ActionForm(forms.Form):
    for_whom = forms.ChoiceField(label=_("For"), choices=[("", "—"), *ForWhom.choices], required=False)
    what = forms.CharField(label=_("Support or help"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    delivered_by = forms.CharField(label=_("Delivered by"), max_length=200, required=False)
    start_on = forms.DateField(label=_("From"), required=False, widget=DATE)
    end_on = forms.DateField(label=_("Until"), required=False, widget=DATE)


GoalFormSet = forms.formset_factory(GoalForm, extra=3, max_num=10)
ActionFormSet = forms.formset_factory(ActionForm, extra=4, max_num=20)


class EvaluationForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome of the evaluation"), widget=forms.Textarea(attrs={"rows": 3}))


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
