from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from overstap.accounts.decorators import login_required
from overstap.authz.views import authorised_object
from overstap.core.forms import apply_errors, style_form

from .models import Guardian, Pupil
from .services import add_guardian


class GuardianForm(forms.ModelForm):
    class Meta:
        model = Guardian
        fields = ["name", "relation", "legal_representative", "lives_with_pupil", "phone", "email"]
        error_messages = {
            "name": {"required": _("Name: this field is required.")},
            "email": {"invalid": _("E-mail address: enter a valid address, such as naam@voorbeeld.nl.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


@login_required
def guardian_new(request, pk: int):
    pupil = authorised_object(request, Pupil.objects.all(), "write_plans", pk=pk)
    form = GuardianForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_guardian(request.user, pupil, **form.cleaned_data, request=request)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("pupils:detail", pk=pupil.pk)
    return render(request, "pupils/guardian_form.html", {"pupil": pupil, "form": form})
