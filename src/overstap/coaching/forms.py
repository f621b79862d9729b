from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from overstap.core.forms import DateField, Form, style_form

from .models import ContactKind


def _today():
    return timezone.localdate()


class AssignForm(Form):
    prefix = "coach"  # several forms share the page: distinct ids and names
    coach = forms.ChoiceField(label=_("Coach"), error_messages={"required": _("Coach: choose a coach.")})

    def __init__(self, *args, coaches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coach"].choices = [("", "—")] + [
            (str(m.pk), f"{m.user.get_full_name() or m.user} · {m.organisation}") for m in coaches
        ]
        style_form(self)


class StyledForm(Form):
    """The NL Design System classes and field-naming messages on every field (``core.forms.style_form``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class ContactForm(StyledForm):
    prefix = "contact"  # several forms share the page: distinct ids and names
    on = DateField(label=_("Date"), latest=_today)
    kind = forms.ChoiceField(label=_("Kind of contact"), choices=ContactKind.choices)
    note = forms.CharField(
        label=_("What was discussed and agreed"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("What was discussed: write down what was discussed and agreed.")},
    )
    next_on = DateField(label=_("Next contact"), required=False)


class GoalForm(StyledForm):
    prefix = "doel"  # several forms share the page: distinct ids and names
    text = forms.CharField(
        label=_("Goal, in the student's words"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Goal: write the goal in the student's own words.")},
    )
    due_on = DateField(label=_("To be reached by"), required=False)


class HandoverForm(StyledForm):
    prefix = "overdracht"  # several forms share the page: distinct ids and names
    mentor_name = forms.CharField(
        label=_("Mentor at the new school"),
        max_length=200,
        error_messages={"required": _("New mentor: name the mentor at the new school.")},
    )
    on = DateField(label=_("Handed over on"), latest=_today)
    note = forms.CharField(
        label=_("What the mentor needs to know"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class StopForm(StyledForm):
    prefix = "stop"  # several forms share the page: distinct ids and names
    reason = forms.CharField(
        label=_("Why the coaching stops"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Reason: say why the coaching stops.")},
    )
