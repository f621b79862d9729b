"""The forms of the transition pages. They check what a person typed; the services check it again and decide."""

from django import forms
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from overstap.core.forms import DateField, Form, style_form
from overstap.matrix.schema import TRANSITION_CODES
from overstap.organisations.models import EDUCATION_TYPES, Organisation
from overstap.pupils.models import Programme

from .models import FamilyVerdict, MeetingKind, MilestoneKey, Moment, ParticipantRole, Wellbeing

# --- Cases and the cold handover --------------------------------------------------------------------------------


class CaseForm(Form):
    to_organisation = forms.ModelChoiceField(
        label=_("To which school"),
        required=False,
        queryset=Organisation.objects.none(),
        help_text=_("Leave empty when the pupil has no place yet."),
    )
    code = forms.ChoiceField(
        label=_("Transition"), required=False, help_text=_("Leave empty to derive it from the two schools.")
    )
    override_reason = forms.CharField(label=_("Reason for another transition"), required=False, max_length=300)
    planned_on = DateField(
        label=_("Planned date"), required=False, help_text=_("The day the pupil starts at the new school.")
    )
    programme = forms.ChoiceField(label=_("Programme at the new school"), required=False, choices=Programme.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = Organisation.objects.filter(type__in=EDUCATION_TYPES, active=True)
        self.fields["code"].choices = [("", "—"), *[(c, c) for c in TRANSITION_CODES]]
        style_form(self)


class ReceiverForm(Form):
    to_organisation = forms.ModelChoiceField(label=_("New school"), queryset=Organisation.objects.none())
    # The receiving school shown when the page was opened, so that a change someone made since is not overwritten.
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The case's version when the page was opened: a change of the case since is not overwritten either.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = Organisation.objects.filter(type__in=EDUCATION_TYPES, active=True)
        style_form(self)


class InzageForm(Form):
    """The school records a reading on paper or at school, and what the family said of it if they did."""

    inzage_on = DateField(label=_("Read on"))
    by_name = forms.CharField(label=_("Read by"), max_length=200, help_text=_("For example: mother and father."))
    verdict = forms.ChoiceField(
        label=_("Do they agree with the report?"),
        choices=[("", _("Not said")), *FamilyVerdict.choices],
        required=False,
    )


class FamilyInzageForm(Form):
    """The family's own inspection: they say they read it, whether they agree, and their view. This one speaks to a
    parent ("u"); ``PupilInzageForm`` to the pupil ("je")."""

    read = forms.BooleanField(label=_("I have read what the school passes on"))
    verdict = forms.ChoiceField(
        label=_("Do you agree with it?"),
        widget=forms.RadioSelect,
        choices=[
            (FamilyVerdict.AGREE, _("Yes, I agree with it")),
            (FamilyVerdict.DISAGREE, _("No, I see some things differently")),
        ],
    )
    text = forms.CharField(
        label=_("Your view"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_(
            "What do you want the new school to know? Do you see something differently from the school? Your "
            "text goes with the report. If you do not agree, write what you see differently."
        ),
    )


class PupilInzageForm(FamilyInzageForm):
    verdict = forms.ChoiceField(
        label=_("Do you agree with what your school wrote?"),
        widget=forms.RadioSelect,
        choices=FamilyInzageForm.base_fields["verdict"].choices,
    )
    text = forms.CharField(
        label=_("What you think"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_(
            "What do you want your new school to know? Do you see something differently? Your text goes with "
            "the report. If you do not agree, write what you see differently."
        ),
    )


# --- Meetings and the mentor's page ----------------------------------------------------------------------------


class MeetingForm(Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    held_on = DateField(label=_("Date"))
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Proposed from the attention points in the dossier; change it as you like."),
    )
    notes = forms.CharField(label=_("What was discussed"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    follow_up_on = DateField(label=_("Follow-up on"), required=False)


class ParticipantForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Takes part as"), choices=[("", "—"), *ParticipantRole.choices], required=False)

    def clean(self):
        data = super().clean()
        if data.get("name") and not data.get("role"):
            self.add_error("role", gettext("Takes part as: choose a role."))
        return data if data.get("name") else {}


class AgreementForm(Form):
    text = forms.CharField(label=_("Agreement"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    owner_name = forms.CharField(label=_("Who"), max_length=200, required=False)
    due_on = DateField(label=_("Before"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("text"):
            return {}
        if not data.get("owner_name"):
            self.add_error("owner_name", gettext("Who: say who carries out this agreement."))
        if not data.get("due_on"):
            self.add_error("due_on", gettext("Before: give the date by which it is done."))
        return data


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=2, max_num=20)
AgreementFormSet = forms.formset_factory(AgreementForm, extra=3, max_num=20)


class MentorNoteForm(Form):
    text = forms.CharField(
        label=_("What the mentor must know"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("In your own words: how to welcome the pupil, what works, what to avoid, who to call."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


# --- Feedback ---------------------------------------------------------------------------------------------------

MARKS = [(number, str(number)) for number in range(1, 6)]


def _mark(label, help_text, message):
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=MARKS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class FeedbackForm(Form):
    complete = _mark(
        _("Complete"),
        _("1 is poor, 5 is very good. Was everything there that you needed?"),
        _("Complete: give a mark from 1 to 5."),
    )
    useful = _mark(
        _("Useful"),
        _("1 is poor, 5 is very good. Could you use it to support the pupil from the first day?"),
        _("Useful: give a mark from 1 to 5."),
    )
    on_time = _mark(
        _("On time"),
        _("1 is poor, 5 is very good. Did it arrive in time to prepare?"),
        _("On time: give a mark from 1 to 5."),
    )
    wellbeing = forms.ChoiceField(
        label=_("How is the pupil doing?"),
        choices=Wellbeing.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("How the pupil is doing: choose one of the answers."),
            "invalid_choice": _("How the pupil is doing: choose one of the answers."),
        },
    )
    comment = forms.CharField(
        label=_("Comment for the sending school"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What helped, what was missing, what would you like next time?"),
    )

    def __init__(self, *args, moment: str, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what fits the moment: marks for the handover itself, how the pupil is doing afterwards.
        unused = ("wellbeing",) if moment == Moment.HANDOVER else ("complete", "useful", "on_time")
        for name in unused:
            del self.fields[name]
        style_form(self)

    @property
    def marks(self):
        return [self[name] for name in ("complete", "useful", "on_time") if name in self.fields]


# --- The regional protocol --------------------------------------------------------------------------------------


class ProtocolItemForm(Form):
    text = forms.CharField(
        label=_("Item"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the school must do, as it will appear on the checklist."),
        error_messages={"required": _("Item: describe what the school must do.")},
    )
    transitions = forms.MultipleChoiceField(
        label=_("Transitions"),
        choices=[(code, code) for code in TRANSITION_CODES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Transitions: choose at least one."),
            "invalid_choice": _("Transitions: choose from the list."),
        },
    )
    required = forms.BooleanField(
        label=_("Always required"),
        required=False,
        initial=True,
        help_text=_("Untick when it only applies to some pupils, and say when below."),
    )
    condition = forms.CharField(label=_("When"), required=False, max_length=300)
    due_on = DateField(label=_("Deadline"), required=False)
    milestone = forms.ChoiceField(
        label=_("Date for the milestone"),
        choices=[("", _("No milestone")), *MilestoneKey.choices],
        required=False,
        help_text=_("With a deadline: the region's date for this step of the move, instead of the usual date."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_("The protocol or agreement it comes from."),
        error_messages={"required": _("Source: name the protocol or agreement it comes from.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)

    def clean(self):
        data = super().clean()
        if not data.get("required") and not (data.get("condition") or "").strip():
            # The school judges whether an item that is not always required applies: it needs to know when.
            self.add_error("condition", gettext("When: say when the item applies, or tick “Always required”."))
        return data


class ProtocolDateForm(Form):
    """The deadline of a protocol item and the milestone it is the region's date for, changed in place."""

    due_on = DateField(label=_("Deadline"), required=False)
    milestone = forms.ChoiceField(
        label=_("Date for the milestone"),
        choices=[("", _("No milestone")), *MilestoneKey.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class ConsentAnswerForm(Form):
    """The family's answer to one question about consent: yes or no."""

    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("ja", _("Yes, they may")), ("nee", _("No, they may not"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Your answer: choose yes or no."),
            "invalid_choice": _("Your answer: choose yes or no."),
        },
    )

    def __init__(self, *args, to_pupil: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if to_pupil:  # "je" to the pupil, "u" to a parent
            field = self.fields["answer"]
            field.label = pgettext("to the pupil", "Your answer")
            message = pgettext("to the pupil", "Your answer: choose yes or no.")
            field.error_messages.update({"required": message, "invalid_choice": message})
