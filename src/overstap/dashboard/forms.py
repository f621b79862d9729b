from django import forms
from django.utils.translation import gettext_lazy as _


class FilterForm(forms.Form):
    """The dashboard's filters, as GET parameters: school, transition type, school year."""

    school = forms.TypedChoiceField(label=_("School"), required=False, coerce=int, empty_value=None)
    overstap = forms.ChoiceField(label=_("Transition"), required=False)
    schooljaar = forms.ChoiceField(label=_("School year"), required=False)

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["school"].choices = everything + [(str(pk), name) for pk, name in choices["schools"]]
        self.fields["overstap"].choices = everything + [(code, code) for code in choices["codes"]]
        self.fields["schooljaar"].choices = everything + [(year, year) for year in choices["years"]]
