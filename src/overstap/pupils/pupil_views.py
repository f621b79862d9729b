"""Adding a pupil by hand, for a school or pre-school whose pupils no import brings in."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from overstap.accounts.decorators import login_required
from overstap.authz.policy import can
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors
from overstap.organisations.models import Organisation

from .ages import plausible_range
from .forms import PupilForm
from .services import DuplicatePupil, add_pupil


def _own_school(request):
    membership = getattr(request.user, "acting_membership", None)
    if membership is None:
        raise Http404
    return authorised_object(request, Organisation.objects.all(), "add_pupil", pk=membership.organisation_id)


@login_required
def pupil_new(request):
    school = _own_school(request)
    form = PupilForm(request.POST or None)
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            pupil = add_pupil(request.user, school, **form.cleaned_data, request=request)
        except DuplicatePupil as error:
            apply_errors(form, error)
            # A link only to a pupil this user may see; otherwise the message alone.
            existing = error.existing if can(request.user, "view", error.existing) else None
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s is registered at %(school)s.") % {"name": pupil, "school": school})
            return redirect("pupils:detail", pk=pupil.pk)
    return render(
        request,
        "pupils/pupil_form.html",
        {"form": form, "school": school, "ages": plausible_range(school.type), "existing": existing},
    )
