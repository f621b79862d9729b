from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, flash_errors, style_form
from overstap.matrix.schema import TRANSITION_CODES
from overstap.organisations.models import EDUCATION_TYPES, Organisation
from overstap.pupils.models import Pupil

from .models import ChecklistItem, Status, TransitionCase
from .workflow import ALLOWED, change_status, open_case


class CaseForm(forms.Form):
    to_organisation = forms.ModelChoiceField(
        label=_("To which school"),
        required=False,
        queryset=Organisation.objects.none(),
        help_text=_("Leave empty when the pupil has no place yet."),
    )
    code = forms.ChoiceField(
        label=_("Transition"), required=False, help_text=_("Leave empty to derive it from the two schools.")
    )
    override_reason = forms.CharField(label=_("Reason for another transition"), required=False, max_length=300)
    planned_on = forms.DateField(
        label=_("Planned date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Planned date: use the form dd-mm-yyyy.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = Organisation.objects.filter(type__in=EDUCATION_TYPES, active=True)
        self.fields["code"].choices = [("", "—"), *[(c, c) for c in TRANSITION_CODES]]
        style_form(self)


@login_required
def case_list(request):
    cases = list(TransitionCase.objects.for_user(request.user, "list").select_related("pupil", "to_organisation")[:200])
    record(
        request.user,
        Action.LIST,
        request=request,
        object_type="transitions.TransitionCase",
        object_repr=f"{len(cases)} transitions",
        detail={"ids": [c.pk for c in cases]},
    )
    return render(request, "transitions/case_list.html", {"cases": cases})


@login_required
def case_new(request, pupil_pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "request_support", pk=pupil_pk)
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = open_case(
                request.user,
                pupil,
                data["to_organisation"],
                code=data["code"],
                override_reason=data["override_reason"],
                planned_on=data["planned_on"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("transitions:detail", pk=case.pk)
    return render(request, "transitions/case_new.html", {"pupil": pupil, "form": form})


@login_required
def case_detail(request, pk: int):
    case = authorised_object(
        request, TransitionCase.objects.select_related("pupil", "from_organisation", "to_organisation"), "view", pk=pk
    )
    record(request.user, Action.READ, case, request=request)
    next_steps = [Status(s) for s in Status if s in ALLOWED.get(case.status, set())]
    return render(
        request,
        "transitions/case_detail.html",
        {
            "case": case,
            "checklist": case.checklist.all(),
            "next_steps": next_steps,
        },
    )


@login_required
@require_POST
def case_status(request, pk: int):
    case = authorised_object(request, TransitionCase.objects.all(), "change", pk=pk)
    try:
        change_status(request.user, case, request.POST.get("status", ""), request=request)
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("transitions:detail", pk=case.pk)


@login_required
@require_POST
def checklist_done(request, pk: int):
    item = ChecklistItem.objects.filter(pk=pk).first()
    case = authorised_object(request, TransitionCase.objects.all(), "change", pk=item.case_id if item else 0)
    from django.db import transaction

    with transaction.atomic():
        locked = ChecklistItem.objects.select_for_update().get(pk=item.pk)
        if locked.done_on is None:
            locked.done_on = timezone.localdate()
            locked.done_by_name = str(request.user)
            locked.save(update_fields=["done_on", "done_by_name"])
            record(request.user, Action.UPDATE, case, request=request, detail={"checklist": locked.key})
    return redirect("transitions:detail", pk=case.pk)
