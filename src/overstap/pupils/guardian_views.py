from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from overstap.accounts.decorators import login_required
from overstap.audit.services import record_form_shown
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors

from .forms import GuardianForm
from .models import Pupil
from .services import add_guardian


@login_required
def guardian_new(request, pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "add_guardian", pk=pk)
    form = GuardianForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_guardian(request.user, pupil, **form.cleaned_data, request=request)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("pupils:detail", pk=pupil.pk)
    record_form_shown(request, pupil, "guardian-new")
    return render(request, "pupils/guardian_form.html", {"pupil": pupil, "form": form})
