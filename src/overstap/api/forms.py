from django import forms
from django.utils.translation import gettext_lazy as _

from overstap.core.forms import DateField, Form

from .scopes import SCOPE_CHOICES, roles_for


class TokenForm(Form):
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("Which system uses it, for example: ParnasSys koppeling.")
    )
    role = forms.ChoiceField(
        label=_("Acts as"), help_text=_("The system sees and does no more than a person in this role.")
    )
    scopes = forms.MultipleChoiceField(
        label=_("May"),
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("May: choose at least one thing the system may do."),
            "invalid_choice": _("May: choose from the list."),
        },
    )
    expires_on = DateField(label=_("Valid until"), required=False)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles_for(organisation)
        self.fields["name"].widget.attrs["class"] = "utrecht-textbox"
        self.fields["role"].widget.attrs["class"] = "utrecht-select"
        self.fields["name"].error_messages["required"] = _("Name: this field is required.")
