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

from .forms import CareDecisionForm, CareForm
from .models import YouthCare
from .youthcare_services import decide_at_transition, record_youth_care


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
