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
from overstap.matrix.schema import TRANSITION_CODES
from overstap.pupils.models import Pupil

from .models import ADULT_CARE, CareDecision, CareType, YouthCare
from .youthcare_services import decide_at_transition, record_youth_care

DATE = forms.DateInput(attrs={"type": "date"})


class CareForm(forms.Form):
    provider = forms.CharField(
        label=_("Provider"), max_length=200, error_messages={"required": _("Provider: name the youth-care provider.")}
    )
    worker = forms.CharField(label=_("Worker"), max_length=200, required=False)
    care_type = forms.ChoiceField(label=_("Kind of help"), choices=CareType.choices)
    start_on = forms.DateField(
        label=_("From"), widget=DATE, error_messages={"required": _("From: give the start date.")}
    )
    end_on = forms.DateField(label=_("Until"), required=False, widget=DATE)


class CareDecisionForm(forms.Form):
    moment = forms.ChoiceField(
        label=_("Moment"),
        choices=[*[(code, code) for code in TRANSITION_CODES], (ADULT_CARE, _("Turning 18: youth care to adult care"))],
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=CareDecision.choices)
    to_provider = forms.CharField(label=_("New provider"), max_length=200, required=False)
    note = forms.CharField(label=_("Agreements"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


@login_required
def youth_care(request, pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "view_dossier", pk=pk)
    may_write = can(request.user, "record_youth_care", pupil)
    form = style_form(CareForm(request.POST or None)) if may_write else None
    status = 200
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            record_youth_care(
                request.user,
                pupil,
                provider=data["provider"],
                worker=data["worker"],
                care_type=data["care_type"],
                start_on=data["start_on"],
                end_on=data.get("end_on"),
                municipality=pupil.municipality,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
            status = 400
        else:
            return redirect("dossiers:youth-care", pk=pupil.pk)
    care = list(YouthCare.objects.for_user(request.user, "list").filter(pupil=pupil).prefetch_related("decisions"))
    for item in care:
        item.decision_form = style_form(CareDecisionForm(prefix=f"besluit-{item.pk}"))
    record(
        request.user,
        Action.READ,
        pupil,
        request=request,
        detail={"youth_care": True},
        legal_basis="toestemming:jeugdhulp",
    )
    return render(
        request,
        "dossiers/youth_care.html",
        {
            "pupil": pupil,
            "care": care,
            "form": form,
            "may_write": may_write,
        },
        status=status,
    )


@login_required
@require_POST
def youth_care_decision(request, pk: int):
    care = authorised_object(request, YouthCare.objects.select_related("pupil"), "view", pk=pk)
    form = CareDecisionForm(request.POST, prefix=f"besluit-{care.pk}")
    if form.is_valid():
        try:
            decide_at_transition(request.user, care, request=request, **form.cleaned_data)
        except ValidationError as error:
            flash_errors(request, error)
    return redirect("dossiers:youth-care", pk=care.pupil_id)
