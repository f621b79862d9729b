"""The forms of the SWV route: the school's request, an expert's advice and the TLV committee's decision."""

from django import forms
from django.utils.translation import gettext_lazy as _

from overstap.core.forms import DateField, Form, style_form

from .models import FundingCategory, Kind


class RequestForm(Form):
    kind = forms.ChoiceField(label=_("What do you request?"))
    question = forms.CharField(
        label=_("Question of the school"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What does the pupil need, what has the school already tried, and what do the parents think?"),
        error_messages={"required": _("Question: describe what the pupil needs and what the school already tried.")},
    )

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in Kind if k in kinds]
        style_form(self)


class AdviceForm(Form):
    advice = forms.CharField(
        label=_("Your expert advice"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Advice: write your expert advice.")},
    )
    recommends = forms.TypedChoiceField(
        label=_("Your conclusion"),
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        choices=[("ja", _("Grant the request")), ("nee", _("Do not grant the request"))],
        error_messages={"required": _("Conclusion: choose whether you recommend the request.")},
    )


class DecisionForm(Form):
    granted = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        choices=[("ja", _("Granted")), ("nee", _("Refused"))],
        error_messages={"required": _("Decision: choose granted or refused.")},
    )
    start_date = DateField(label=_("From"), required=False)
    end_date = DateField(label=_("Until"), required=False)
    funding_category = forms.ChoiceField(
        label=_("Funding category (TLV SO/VSO only)"),
        required=False,
        choices=[("", "—"), *FundingCategory.choices],
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("In words the parents understand: this text goes into the decision letter."),
        error_messages={"required": _("Motivation: explain the decision in words the parents understand.")},
    )
