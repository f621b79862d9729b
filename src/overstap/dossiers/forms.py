from django import forms
from django.utils.translation import gettext_lazy as _

from overstap.consent.categories import Category
from overstap.core.forms import style_form

from .models import ENTRY_CATEGORIES, domains_for


class EntryForm(forms.Form):
    category = forms.ChoiceField(label=_("Part of the dossier"))
    domain = forms.ChoiceField(
        label=_("Development domain"), required=False, help_text=_("Only for entries about development.")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))
    recorded_on = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Date: use the form dd-mm-yyyy.")},
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("After this date the entry counts as outdated. Leave empty if it stays valid."),
        error_messages={"invalid": _("Valid until: use the form dd-mm-yyyy.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, categories, organisation_type=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.value, c.label) for c in ENTRY_CATEGORIES if c.value in categories]
        domains = domains_for(organisation_type) if organisation_type else []
        self.fields["domain"].choices = [("", "—"), *[(d.value, d.label) for d in domains]]
        if editing:
            self.fields["category"].disabled = True
        if set(categories) == {Category.ZIENSWIJZE}:
            self.fields["category"].widget = forms.HiddenInput()
            self.fields["domain"].widget = forms.HiddenInput()
            self.fields["title"].label = _("In a few words")
            self.fields["text"].label = _("Your view")
        labels = {"title": _("Title"), "text": _("Text"), "category": _("Part of the dossier")}
        for name, label in labels.items():
            self.fields[name].error_messages["required"] = _("%(field)s: this field is required.") % {"field": label}
        style_form(self)


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does this no longer apply?"),
        max_length=300,
        error_messages={"required": _("Reason: say why this information no longer applies.")},
        widget=forms.TextInput(attrs={"class": "utrecht-textbox"}),
    )
