from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record, record_form_shown
from overstap.authz.policy import can
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, flash_errors, style_form
from overstap.pupils.models import Pupil

from .forms import ActionFormSet, EvaluationForm, GoalFormSet, OppForm, PlanForm, opp_arguments, plan_arguments
from .models import IntegralPlan, Opp, OppEvaluation
from .plan_services import create_integral_plan, create_opp, update_integral_plan, update_opp
from .plan_services import record_evaluation as save_evaluation
from .services import EditConflict


@login_required
def plans(request, pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "view_plans", pk=pk)
    opps = list(
        Opp.objects.for_user(request.user, "list")
        .filter(pupil=pupil)
        .select_related("organisation", "based_on_organisation")
        .prefetch_related("goals", "evaluations")
    )
    integral = list(
        IntegralPlan.objects.for_user(request.user, "list")
        .filter(pupil=pupil)
        .select_related("organisation", "based_on_organisation")
        .prefetch_related("actions")
    )
    # Which of them this person may maintain: one query per kind, whatever the number of plans.
    opp_changeable = set(Opp.objects.for_user(request.user, "change").filter(pupil=pupil).values_list("pk", flat=True))
    plan_changeable = set(
        IntegralPlan.objects.for_user(request.user, "change").filter(pupil=pupil).values_list("pk", flat=True)
    )
    for opp in opps:
        opp.may_change = opp.pk in opp_changeable
    for plan in integral:
        plan.may_change = plan.pk in plan_changeable
    record(
        request.user,
        Action.READ,
        pupil,
        request=request,
        detail={"plans": True, "opps": [o.pk for o in opps], "integral_plans": [p.pk for p in integral]},
    )
    return render(
        request,
        "dossiers/plans.html",
        {
            "pupil": pupil,
            "opps": opps,
            "plans": integral,
            "may_write": can(request.user, "write_plans", pupil),
            # A receiving school preparing before the enrolment starts reads the plans, not yet the pupil page.
            "may_view_pupil": can(request.user, "view", pupil),
            "evaluation_form": style_form(EvaluationForm()),
        },
    )


def conflict_message() -> str:
    return gettext(
        "Someone else saved this plan while you were editing it. Your changes have not been saved yet: they are "
        "still in the form. Compare them with the newest version in the history, adjust them and save again."
    )


@login_required
def opp_new(request, pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "write_plans", pk=pk)
    form = style_form(OppForm(request.POST or None))
    goals = style_form(GoalFormSet(request.POST or None, prefix="doel"))
    if request.method == "POST" and form.is_valid() and goals.is_valid():
        try:
            create_opp(request.user, pupil, **opp_arguments(form, goals), request=request)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("dossiers:plans", pk=pupil.pk)
    record_form_shown(request, pupil, "opp-new")
    return render(request, "dossiers/opp_form.html", {"pupil": pupil, "form": form, "goals": goals})


@login_required
def opp_edit(request, pk: int):
    opp = authorised_object(request, Opp.objects.select_related("pupil", "organisation"), "change", pk=pk)
    record(request.user, Action.READ, opp, request=request, detail={"edit": True})
    planned = [e.planned_on for e in opp.evaluations.all() if e.held_on is None]
    initial = {
        "exit_profile": opp.exit_profile,
        "exit_level": opp.exit_level,
        "approach": opp.approach,
        "parents_discussed_on": opp.parents_discussed_on,
        "first_evaluation": planned[0] if planned else None,
        "second_evaluation": planned[1] if len(planned) > 1 else None,
        "version": opp.version,
    }
    goal_initial = [
        {"area": g.area, "goal": g.goal, "intermediate_goals": g.intermediate_goals, "target_date": g.target_date}
        for g in opp.goals.all()
    ]
    form = style_form(OppForm(request.POST or None, initial=initial))
    goals = style_form(GoalFormSet(request.POST or None, initial=goal_initial, prefix="doel"))
    status = 200
    conflict = None
    if request.method == "POST" and form.is_valid() and goals.is_valid():
        try:
            update_opp(
                request.user,
                opp,
                expected_version=form.cleaned_data.get("version") or 0,
                **opp_arguments(form, goals),
                request=request,
            )
        except EditConflict as error:
            conflict, status = error.current, 409
            form.add_error(None, conflict_message())
            form.data = form.data.copy()
            form.data["version"] = conflict.version
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, gettext("The OPP is saved as a new version."))
            return redirect(reverse("dossiers:plans", args=[opp.pupil_id]) + f"#opp-{opp.pk}")
    return render(
        request,
        "dossiers/opp_form.html",
        {"pupil": opp.pupil, "form": form, "goals": goals, "opp": opp, "conflict": conflict},
        status=status,
    )


@login_required
def integral_plan_new(request, pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "write_plans", pk=pk)
    form = style_form(PlanForm(request.POST or None))
    actions = style_form(ActionFormSet(request.POST or None, prefix="regel"))
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        try:
            create_integral_plan(request.user, pupil, **plan_arguments(form, actions), request=request)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("dossiers:plans", pk=pupil.pk)
    record_form_shown(request, pupil, "integral-plan-new")
    return render(request, "dossiers/integral_plan_form.html", {"pupil": pupil, "form": form, "actions": actions})


@login_required
def integral_plan_edit(request, pk: int):
    plan = authorised_object(request, IntegralPlan.objects.select_related("pupil"), "change", pk=pk)
    record(request.user, Action.READ, plan, request=request, detail={"edit": True})
    initial = {"coordinator": plan.coordinator, "evaluation_on": plan.evaluation_on, "version": plan.version}
    action_initial = [
        {
            "for_whom": a.for_whom,
            "what": a.what,
            "delivered_by": a.delivered_by,
            "start_on": a.start_on,
            "end_on": a.end_on,
        }
        for a in plan.actions.all()
    ]
    form = style_form(PlanForm(request.POST or None, initial=initial))
    actions = style_form(ActionFormSet(request.POST or None, initial=action_initial, prefix="regel"))
    status = 200
    if request.method == "POST" and form.is_valid() and actions.is_valid():
        try:
            update_integral_plan(
                request.user,
                plan,
                expected_version=form.cleaned_data.get("version") or 0,
                **plan_arguments(form, actions),
                request=request,
            )
        except EditConflict as error:
            status = 409
            form.add_error(None, conflict_message())
            form.data = form.data.copy()
            form.data["version"] = error.current.version
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, gettext("The plan of approach is saved as a new version."))
            return redirect(reverse("dossiers:plans", args=[plan.pupil_id]) + f"#plan-{plan.pk}")
    return render(
        request,
        "dossiers/integral_plan_form.html",
        {"pupil": plan.pupil, "form": form, "actions": actions, "plan": plan},
        status=status,
    )


@login_required
def opp_history(request, pk: int):
    opp = authorised_object(request, Opp.objects.select_related("pupil", "organisation"), "view", pk=pk)
    record(request.user, Action.READ, opp, request=request, detail={"history": True})
    return render(
        request, "dossiers/plan_history.html", {"pupil": opp.pupil, "opp": opp, "versions": opp.versions.all()}
    )


@login_required
def integral_plan_history(request, pk: int):
    plan = authorised_object(request, IntegralPlan.objects.select_related("pupil"), "view", pk=pk)
    record(request.user, Action.READ, plan, request=request, detail={"history": True})
    return render(
        request, "dossiers/plan_history.html", {"pupil": plan.pupil, "plan": plan, "versions": plan.versions.all()}
    )


@login_required
@require_POST
def opp_evaluation(request, pk: int):
    evaluation = OppEvaluation.objects.select_related("opp__pupil").filter(pk=pk).first()
    opp = authorised_object(request, Opp.objects.all(), "view", pk=evaluation.opp_id if evaluation else 0)
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Outcome: write what the evaluation showed."))
    else:
        try:
            save_evaluation(request.user, evaluation, form.cleaned_data["outcome"], request=request)
        except ValidationError as error:
            flash_errors(request, error)
    return redirect("dossiers:plans", pk=opp.pupil_id)
