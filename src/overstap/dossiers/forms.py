"""The forms of the dossier pages: entries, plans (OPP and the integral plan) and youth care."""

from django import forms
from django.utils.translation import gettext_lazy as _

from overstap.consent.categories import Category
from overstap.core.forms import DateField, Form, style_form
from overstap.matrix.schema import TRANSITION_CODES

from .models import (
    ADULT_CARE,
    ENTRY_CATEGORIES,
    CareDecision,
    CareType,
    CorrectionKind,
    CorrectionStatus,
    ExitProfile,
    ForWhom,
    domains_for,
)


class EntryForm(Form):
    category = forms.ChoiceField(label=_("Part of the dossier"))
    domain = forms.ChoiceField(
        label=_("Development domain"), required=False, help_text=_("Only for entries about development.")
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}))
    recorded_on = DateField(label=_("Date"), required=False)
    valid_until = DateField(
        label=_("Valid until"),
        required=False,
        help_text=_("After this date the entry counts as outdated. Leave empty if it stays valid."),
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
        # The label the page shows, also where a view is asked for ("Your view" rather than "Text").
        for name in ("title", "text", "category"):
            label = self.fields[name].label
            self.fields[name].error_messages["required"] = _("%(field)s: this field is required.") % {"field": label}
        style_form(self)


class CloseForm(Form):
    reason = forms.CharField(
        label=_("Reason it no longer applies"),
        max_length=300,
        error_messages={"required": _("Reason: say why this information no longer applies.")},
        widget=forms.TextInput(attrs={"class": "utrecht-textbox"}),
    )


# --- Plans: the OPP and the integral plan of approach ---------------------------------------------------------


# Lengths are checked by ``plan_services``, with a message that names the field.
class OppForm(Form):
    exit_profile = forms.ChoiceField(label=_("Exit profile"), choices=ExitProfile.choices)
    exit_level = forms.CharField(label=_("Expected level"), help_text=_("For example: vmbo-kader, Entree, PrO."))
    approach = forms.CharField(label=_("Approach"), widget=forms.Textarea(attrs={"rows": 5}))
    parents_discussed_on = DateField(label=_("Discussed with the parents on"), required=False)
    first_evaluation = DateField(label=_("First evaluation"))
    second_evaluation = DateField(label=_("Second evaluation"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class GoalForm(Form):
    area = forms.CharField(label=_("Area"), required=False)
    goal = forms.CharField(label=_("Goal"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    intermediate_goals = forms.CharField(
        label=_("Intermediate goals (one per line)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    target_date = DateField(label=_("To be reached by"), required=False)


class PlanForm(Form):
    coordinator = forms.CharField(
        label=_("Coordinator"),
        help_text=_("The one person who keeps the plan together and whom the family can call."),
    )
    evaluation_on = DateField(label=_("Evaluation on"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ActionForm(Form):
    for_whom = forms.ChoiceField(label=_("For"), choices=[("", "—"), *ForWhom.choices], required=False)
    what = forms.CharField(label=_("Support or help"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    delivered_by = forms.CharField(label=_("Delivered by"), required=False)
    start_on = DateField(label=_("From"), required=False)
    end_on = DateField(label=_("Until"), required=False)


GoalFormSet = forms.formset_factory(GoalForm, extra=3, max_num=10)
ActionFormSet = forms.formset_factory(ActionForm, extra=4, max_num=20)


def opp_arguments(form, goals) -> dict:
    """What the OPP services take, from a valid OPP form and its goals."""
    data = form.cleaned_data
    return {
        "exit_profile": data["exit_profile"],
        "exit_level": data["exit_level"],
        "approach": data["approach"],
        "parents_discussed_on": data.get("parents_discussed_on"),
        "goals": [g for g in goals.cleaned_data if g],
        "evaluations": [d for d in (data.get("first_evaluation"), data.get("second_evaluation")) if d],
    }


def plan_arguments(form, actions) -> dict:
    return {
        "coordinator": form.cleaned_data["coordinator"],
        "evaluation_on": form.cleaned_data["evaluation_on"],
        "actions": [a for a in actions.cleaned_data if a],
    }


class EvaluationForm(Form):
    outcome = forms.CharField(label=_("Outcome of the evaluation"), widget=forms.Textarea(attrs={"rows": 3}))


# --- Youth care -------------------------------------------------------------------------------------------------


class CareForm(Form):
    provider = forms.CharField(
        label=_("Provider"), max_length=200, error_messages={"required": _("Provider: name the youth-care provider.")}
    )
    worker = forms.CharField(label=_("Worker"), max_length=200, required=False)
    care_type = forms.ChoiceField(label=_("Kind of help"), choices=CareType.choices)
    start_on = DateField(label=_("From"), error_messages={"required": _("From: give the start date.")})
    end_on = DateField(label=_("Until"), required=False)


class CareDecisionForm(Form):
    moment = forms.ChoiceField(
        label=_("Moment"),
        choices=[*[(code, code) for code in TRANSITION_CODES], (ADULT_CARE, _("Turning 18: youth care to adult care"))],
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=CareDecision.choices)
    to_provider = forms.CharField(label=_("New provider"), max_length=200, required=False)
    note = forms.CharField(label=_("Agreements"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


# --- Correction requests ----------------------------------------------------------------------------------------


class CorrectionAskForm(Form):
    kind = forms.ChoiceField(label=_("What do you ask?"), choices=CorrectionKind.choices, widget=forms.RadioSelect)
    what_is_wrong = forms.CharField(
        label=_("What is wrong or missing"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In your own words. For example: the date is wrong, or this is no longer true."),
    )
    should_say = forms.CharField(
        label=_("What should it say"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The text as it should be, or what should be added. If the school adds it, it is shown as yours."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.error_messages["required"] = _("%(field)s: this field is required.") % {"field": field.label}
            if name == "kind":
                field.error_messages["invalid_choice"] = _("What do you ask: choose one of the two.")
        style_form(self)


class CorrectionAnswerForm(Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[
            (CorrectionStatus.CORRECTED.value, _("Correct the entry")),
            (CorrectionStatus.ADDED.value, _("Add the family's text to the entry")),
            (CorrectionStatus.REFUSED.value, _("Leave the entry as it is")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Your answer: choose one of the three."),
            "invalid_choice": _("Your answer: choose one of the three."),
        },
    )
    text = forms.CharField(
        label=_("New text of the entry"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Only when you correct the entry. The text as it is now stays in the history."),
    )
    note = forms.CharField(
        label=_("Message to the family"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you leave the entry as it is: say why. Write in plain words."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
