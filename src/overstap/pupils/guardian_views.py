from django import forms
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from overstap.accounts.decorators import login_required
from overstap.audit.models import Action
from overstap.audit.services import record
from overstap.authz.views import authorised_object
from overstap.core.forms import style_form

from .models import Guardian, Pupil


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
    pupil = authorised_object(request, Pupil.objects.all(), "add_guardian", pk=pk)
    form = GuardianForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            guardian = form.save(commit=False)
            guardian.pupil = pupil
            guardian.recorded_by_name = str(request.user)
            guardian.save()
            record(request.user, Action.CREATE, guardian, pupil_id=pupil.pk, request=request)
        return redirect("pupils:detail", pk=pupil.pk)
    return render(request, "pupils/guardian_form.html", {"pupil": pupil, "form": form})
