from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.actor import actor_for
from overstap.authz.policy import can
from overstap.authz.views import authorised_object
from overstap.consent.categories import Category
from overstap.consent.services import has_consent
from overstap.core.forms import apply_errors, flash_errors, style_form
from overstap.pupils.models import Pupil

from .forms import CareDecisionForm, CareForm
from .models import YouthCare
from .youthcare_services import decide_at_transition, record_youth_care


def _basis_now(user, pupil) -> str:
    """The basis on which this reader sees the pupil's youth care at this moment: a school reads it on the family's
    consent that stands now (named by its id, so a consent withdrawn since is never the basis of a later read); the
    family reads its own."""
    actor = actor_for(user)
    if actor.membership is None:
        return ""
    consent = has_consent(pupil, Category.JEUGDHULP, actor.organisation)
    return f"toestemming:{consent.pk}" if consent is not None else ""


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
        detail={"youth_care": True, "shown": {"dossiers.YouthCare": [item.pk for item in care]}},
        legal_basis=_basis_now(request.user, pupil) if care else "",
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
