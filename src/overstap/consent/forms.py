"""The forms of the consent pages."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overstap.core.forms import Form, style_form
from overstap.organisations.models import EDUCATION_TYPES, Organisation, OrganisationType

from .categories import Category
from .engine import basis_for

CONSENT_RECIPIENT_TYPES = [
    *EDUCATION_TYPES,
    OrganisationType.JEUGDHULP,
    OrganisationType.OUDERSTEUNPUNT,
    OrganisationType.GEMEENTE,
]


class ConsentForm(Form):
    category = forms.ChoiceField(label=gettext_lazy("Which information"))
    recipient = forms.ModelChoiceField(
        label=gettext_lazy("To whom"),
        queryset=Organisation.objects.none(),
        error_messages={"required": gettext_lazy("To whom: choose an organisation.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        consentable = [c for c in Category if basis_for(c, "jeugdhulp").needs_consent]
        self.fields["category"].choices = [(c.value, c.label) for c in consentable]
        self.fields["recipient"].queryset = Organisation.objects.filter(
            type__in=CONSENT_RECIPIENT_TYPES, active=True
        ).order_by("name")
        self.fields["category"].error_messages["required"] = _("Which information: choose one from the list.")
        style_form(self)
