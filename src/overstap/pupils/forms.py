"""The forms of the pupil pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from overstap.core.forms import DateField, Form, NamedErrorsMixin, style_form, today

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


class PupilForm(Form):
    """A pupil added by hand by their school. The checks that need the school (age for its type, the eleven-test,
    a duplicate) are the service's, so they hold for every way in."""

    given_names = forms.CharField(label=_("Given names"), max_length=120)
    preferred_name = forms.CharField(label=_("Called"), max_length=60, required=False)
    family_name_prefix = forms.CharField(
        label=_("Prefix"), max_length=20, required=False, help_text=_("For example: van, de.")
    )
    family_name = forms.CharField(label=_("Family name"), max_length=120)
    birth_date = DateField(label=_("Date of birth"), latest=today)
    onderwijsnummer = forms.CharField(
        label=_("BSN or education number"),
        max_length=12,
        required=False,
        help_text=_("Nine digits. Leave empty if you do not have it yet."),
    )
    start_date = DateField(label=_("At this school since"), initial=today)
    group = forms.CharField(label=_("Group or class"), max_length=20, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
        for field in self.fields.values():
            if getattr(field, "max_length", None):
                field.error_messages["max_length"] = _("%(field)s: at most %(max)s characters.") % {
                    "field": field.label,
                    "max": field.max_length,
                }
        for name in ("onderwijsnummer",):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        for name in ("given_names", "preferred_name", "family_name_prefix", "family_name"):
            self.fields[name].widget.attrs["autocomplete"] = "off"


class ImportUploadForm(Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A CSV file (separated by ; or ,) or an Excel file (.xlsx) with the column names in the first row."
        ),
    )


class ImportMappingForm(Form):
    """For each of Overstap's fields, the column of the list that holds it; and all rows or only the valid ones."""

    MODES = [
        ("alles", _("All or nothing: import only when every row is right")),
        ("geldig", _("Only the valid rows: skip the rows with a problem")),
    ]

    def __init__(self, *args, headers=(), fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        columns = [("", _("— not in this list —")), *[(h, h) for h in headers if h]]
        for f in fields:
            self.fields[f.key] = forms.ChoiceField(label=f.label, choices=columns, required=False)
        self.fields["mode"] = forms.ChoiceField(
            label=_("Which rows"), choices=self.MODES, widget=forms.RadioSelect, initial="alles"
        )
        style_form(self)
