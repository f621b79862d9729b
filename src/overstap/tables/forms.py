from django import forms
from django.utils.translation import gettext_lazy as _

from overstap.core.forms import DateField, Form, style_form
from overstap.matrix.schema import TRANSITION_CODES

from .models import Status

# The transitions a regional tafel is usually held for first; every code of the matrix can be chosen.
FIRST = ("VO-MBO", "PO-VO")


class StyledForm(Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


def _organisation_choices(organisations):
    return [("", "—")] + [(str(o.pk), str(o)) for o in organisations]


class TafelForm(StyledForm):
    region = forms.ChoiceField(
        label=_("Region of the samenwerkingsverband"),
        error_messages={"required": _("Region of the samenwerkingsverband: choose a region.")},
    )
    transition = forms.ChoiceField(
        label=_("Transition"),
        choices=[(c, c) for c in FIRST] + [(c, c) for c in TRANSITION_CODES if c not in FIRST],
        error_messages={"invalid_choice": _("Transition: choose one of the transitions shown.")},
    )
    held_on = DateField(label=_("Date"))
    starts_at = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Time: enter a time as hh:mm.")},
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    participants = forms.MultipleChoiceField(
        label=_("Participating organisations"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Participating organisations: choose from the list.")},
    )

    def __init__(self, *args, regions=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(str(r.pk), str(r)) for r in regions]
        self.fields["participants"].choices = [(str(o.pk), f"{o} · {o.get_type_display()}") for o in organisations]


class DetailsForm(StyledForm):
    held_on = DateField(label=_("Date"))
    starts_at = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": _("Time: enter a time as hh:mm.")},
    )
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StatusForm(StyledForm):
    prefix = "status"
    status = forms.ChoiceField(
        label=_("New status"),
        choices=Status.choices,
        error_messages={"required": _("New status: choose one."), "invalid_choice": _("New status: choose one.")},
    )
    note = forms.CharField(label=_("Reason"), required=False, max_length=300, help_text=_("Needed when cancelling."))


class ParticipantForm(StyledForm):
    prefix = "deelnemer"
    organisation = forms.ChoiceField(
        label=_("Organisation"),
        error_messages={
            "required": _("Organisation: choose an organisation."),
            "invalid_choice": _("Organisation: choose from the list."),
        },
    )
    attendees = forms.CharField(
        label=_("Who attends"), required=False, max_length=300, help_text=_("Names and functions.")
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = _organisation_choices(organisations)


class SearchForm(Form):
    q = forms.CharField(label=_("Search a pupil by name"), max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class RemoveForm(StyledForm):
    prefix = "weg"
    reason = forms.CharField(
        label=_("Reason for removing"),
        max_length=300,
        error_messages={"required": _("Reason for removing: say why the pupil comes off the list.")},
    )


class RowForm(StyledForm):
    outcome = forms.CharField(
        label=_("Outcome"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("No support or health details."),
        max_length=2000,
    )
    next_step = forms.CharField(
        label=_("Next step"), required=False, max_length=300, help_text=_("No support or health details.")
    )
    proposed_to = forms.ChoiceField(
        label=_("Proposed to"),
        required=False,
        help_text=_("The school the tafel proposes the pupil to; it then sees the pupil on this tafel."),
        error_messages={"invalid_choice": _("Proposed to: choose from the list.")},
    )
    support_note = forms.CharField(
        label=_("Support needed at the next school"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Support content: leerplicht and RMC do not see it."),
        max_length=2000,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, schools=(), support=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposed_to"].choices = _organisation_choices(schools)
        if not support:
            del self.fields["support_note"]


class AgreementForm(StyledForm):
    what = forms.CharField(
        label=_("What"),
        max_length=300,
        help_text=_("No support or health details."),
        error_messages={"required": _("What: say what was agreed.")},
    )
    owner = forms.ChoiceField(
        label=_("Who"),
        error_messages={
            "required": _("Who: choose the organisation that does it."),
            "invalid_choice": _("Who: choose an organisation that takes part in the tafel."),
        },
    )
    owner_person = forms.ChoiceField(
        label=_("Person"),
        required=False,
        help_text=_("Optional: who at that organisation does it."),
        error_messages={"invalid_choice": _("Person: choose someone from the list.")},
    )
    due_on = DateField(label=_("By"), error_messages={"required": _("By: give the date by which it is done.")})

    def __init__(self, *args, organisations=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = _organisation_choices(organisations)
        self.fields["owner_person"].choices = [("", "—")] + [
            (str(m.pk), f"{m.user.get_full_name() or m.user} · {m.organisation}") for m in people
        ]
