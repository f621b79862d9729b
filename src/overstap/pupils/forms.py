"""The forms of the pupil pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from overstap.core.forms import NamedErrorsMixin, style_form

from .models import Guardian


class GuardianForm(NamedErrorsMixin, forms.ModelForm):
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
