from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from overstap.core.forms import Form


class FilterForm(Form):
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

    def selects(self) -> list[dict]:
        """Each filter as a label and its options as HTML, built here: a region has hundreds of schools, and Django's
        widget renders every option through a template of its own."""
        out = []
        for name, field in self.fields.items():
            bound = self[name]
            current = str(bound.value() or "")
            # escape() once per option instead of format_html: a region of thousands of schools renders its
            # school filter on every request. Every value and text is escaped here, hence safe.
            options = mark_safe(  # noqa: S308
                "".join(
                    f'<option value="{escape(value)}"{" selected" if str(value) == current else ""}>'
                    f"{escape(text)}</option>"
                    for value, text in field.choices
                )
            )
            out.append({"id": bound.auto_id, "name": bound.html_name, "label": field.label, "options": options})
        return out
