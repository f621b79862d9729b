"""The coach's caseload and the page of one coaching: contact log, plan, handover to the mentor, closing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.policy import allowed_actions
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, flash_errors
from overstap.transitions.models import TransitionCase

from . import services, workflow
from .forms import AssignForm, ContactForm, GoalForm, HandoverForm, StopForm
from .models import Coaching, PlanGoal
from .selectors import assignable_coaches, caseload, in_window


@login_required
def caseload_page(request):
    coachings = list(caseload(request.user))
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type="coaching.Coaching",
        object_repr=f"{len(coachings)} coachings",
        detail={"pupil_ids": [c.case.pupil_id for c in coachings]},
    )
    today = timezone.localdate()
    rows = [
        {
            "coaching": c,
            "in_window": in_window(c, today),
            "contact_due": bool(c.next_contact_on and c.next_contact_on <= today),
        }
        for c in coachings
    ]
    return render(request, "coaching/caseload.html", {"rows": rows, "coachings": coachings, "today": today})


def _coaching(request, pk, action="view"):
    return authorised_object(
        request,
        Coaching.objects.select_related(
            "case__pupil", "case__from_organisation", "case__to_organisation", "coach__user"
        ),
        action,
        also=("coach", "stop"),
        pk=pk,
    )


def _detail(request, coaching, *, status=200, **forms):
    allowed = allowed_actions(request.user, coaching, ["coach", "stop"])
    may_coach = "coach" in allowed
    context = {
        "coaching": coaching,
        "case": coaching.case,
        "contacts": coaching.contacts.all(),
        "goals": coaching.goals.all(),
        "may_coach": may_coach,
        "may_stop": "stop" in allowed,
        "contact_form": forms.get("contact_form")
        or (ContactForm(initial={"on": timezone.localdate()}) if may_coach else None),
        "goal_form": forms.get("goal_form") or (GoalForm() if may_coach else None),
        "handover_form": forms.get("handover_form")
        or (HandoverForm(initial={"on": timezone.localdate()}) if may_coach else None),
        "stop_form": forms.get("stop_form") or StopForm(),
    }
    return render(request, "coaching/detail.html", context, status=status)


@login_required
def coaching_detail(request, pk: int):
    coaching = _coaching(request, pk)
    record(request.user, Action.READ, coaching, pupil_id=coaching.case.pupil_id, request=request)
    return _detail(request, coaching)


def _submit(request, pk, *, action, form_class, service, form_name, done=None):
    """One form of the coaching page: valid input goes to its service; a refusal comes back beside its field."""
    coaching = _coaching(request, pk, action)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(request.user, coaching, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if done:
                messages.success(request, done)
            return redirect("coaching:detail", pk=coaching.pk)
    return _detail(request, coaching, status=400, **{form_name: form})


@login_required
@require_POST
def contact_new(request, pk: int):
    return _submit(
        request,
        pk,
        action="coach",
        form_class=ContactForm,
        service=services.add_contact,
        form_name="contact_form",
        done=_("The contact is recorded."),
    )


@login_required
@require_POST
def goal_new(request, pk: int):
    return _submit(request, pk, action="coach", form_class=GoalForm, service=services.add_goal, form_name="goal_form")


@login_required
@require_POST
def goal_reached(request, pk: int):
    goal = PlanGoal.objects.select_related("coaching").filter(pk=pk).first()
    coaching = _coaching(request, goal.coaching_id if goal else 0, "coach")
    services.reach_goal(request.user, goal, request=request)
    return redirect("coaching:detail", pk=coaching.pk)


@login_required
@require_POST
def hand_over(request, pk: int):
    return _submit(
        request,
        pk,
        action="coach",
        form_class=HandoverForm,
        service=services.hand_over,
        form_name="handover_form",
        done=_("The coaching is handed over to the new mentor."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request, pk: int):
    """GET: the shared confirmation page; POST (from it): the coaching is closed."""
    coaching = _coaching(request, pk, "coach")
    if request.method == "GET":
        record(
            request.user,
            Action.READ,
            coaching,
            pupil_id=coaching.case.pupil_id,
            request=request,
            detail={"page": "confirm"},
        )
        return render(
            request,
            "ui/confirm.html",
            {
                "confirm": _confirm(
                    coaching,
                    title=_("Close this coaching?"),
                    facts=[(_("Reason"), _("The student is in class at the new school."))],
                    consequence=_(
                        "The coaching ends for good: no more contacts, goals or handover are recorded in it."
                    ),
                    action=reverse("coaching:close", args=[coaching.pk]),
                    button=_("Close the coaching"),
                    missing=[why] if (why := workflow.not_closable(coaching)) else [],
                )
            },
        )
    try:
        services.close(request.user, coaching, request=request)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The coaching is closed."))
    return redirect("coaching:detail", pk=coaching.pk)


def _confirm(coaching, *, facts, fields=(), change=None, **texts):
    """What the shared confirmation page shows of one coaching step."""
    case = coaching.case
    return {
        "kicker": f"{case.pupil.full_name} · {_('Coaching')}",
        "facts": [
            (_("Student"), case.pupil.full_name),
            (_("Coach"), str(coaching.coach.user) if coaching.coach_id else "—"),
            (_("Move"), f"{case.from_organisation} → {case.to_organisation or '—'}"),
            *facts,
        ],
        "fields": list(fields),
        "change": change,
        "cancel": reverse("coaching:detail", args=[coaching.pk]),
        **texts,
    }


@login_required
@require_POST
def stop(request, pk: int):
    """The reason first; then the shared confirmation page shows it; confirming (the same fields) stops it."""
    coaching = _coaching(request, pk, "stop")
    form = StopForm(request.POST)
    if request.POST.get("change"):
        return _detail(request, coaching, stop_form=form)  # back from the confirmation, filled in as it was
    if form.is_valid() and not request.POST.get("confirmed"):
        record(
            request.user,
            Action.READ,
            coaching,
            pupil_id=coaching.case.pupil_id,
            request=request,
            detail={"page": "confirm"},
        )
        name = form.add_prefix("reason")
        confirm = _confirm(
            coaching,
            title=_("Stop this coaching?"),
            facts=[(form.fields["reason"].label, form.cleaned_data["reason"])],
            fields=[(name, request.POST.get(name, "")), ("confirmed", "1")],
            change=_("Change the reason"),
            consequence=_("The coaching ends for good, with this reason; the coach can no longer work in it."),
            action=reverse("coaching:stop", args=[coaching.pk]),
            button=_("Stop the coaching"),
        )
        return render(request, "ui/confirm.html", {"confirm": confirm})
    return _submit(
        request,
        pk,
        action="stop",
        form_class=StopForm,
        service=services.stop,
        form_name="stop_form",
        done=_("The coaching is stopped."),
    )


@login_required
@require_POST
def assign(request, case_pk: int):
    case = authorised_object(
        request, TransitionCase.objects.select_related("pupil", "from_organisation"), "assign_coach", pk=case_pk
    )
    coaches = assignable_coaches(case)
    form = AssignForm(request.POST, coaches=coaches)
    if form.is_valid():
        chosen = next((m for m in coaches if str(m.pk) == form.cleaned_data["coach"]), None)
        try:
            services.assign_coach(request.user, case, chosen, request=request)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The coach is assigned."))
    else:
        flash_errors(request, form.errors)
    return redirect("transitions:detail", pk=case.pk)
