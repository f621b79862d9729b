from django import forms
from django.utils.translation import gettext_lazy as _

from overstap.core.forms import DateField, Form

from .models import SignalKind, SignalStatus


class FilterForm(Form):
    soort = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *SignalKind.choices])
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Not handled")), *SignalStatus.choices, ("alle", _("All"))],
    )


class ActionForm(Form):
    note = forms.CharField(
        label=_("What was done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A contact, an agreement or the next step. No support or health details."),
        max_length=2000,
    )
    next_on = DateField(label=_("Next step on"), required=False)
