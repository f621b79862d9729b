"""The forms of the doorstroomdossier: part A for the student ("je"), part B for the school, signing and a parent's
agreement. Each carries the version the person started from, so a save on top of someone else's is refused."""

from django import forms
from django.utils.translation import gettext_lazy as _

from overstap.core.forms import Form

from .models import RELEASED_FOR_STUDENT, Released

TEXT = {"rows": 5}


class PartAForm(Form):
    study_choice = forms.CharField(
        label=_("Study choice"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Which course do you want to do, at which school, and why?"),
    )
    strengths = forms.CharField(
        label=_("What I am good at"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("At school, in a job, in sports or at home."),
    )
    support_needs = forms.CharField(
        label=_("What I need at my new school"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("For example: extra time for tests, a quiet place, someone to talk to."),
    )
    what_helps = forms.CharField(
        label=_("What helps me"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("What works for you in class and with teachers, and what does not."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PartBForm(Form):
    advice = forms.CharField(
        label=_("Advice of the school"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Your advice on the study choice and what the student needs to make a good start; the student reads it."
        ),
        error_messages={"required": _("Advice of the school: write your advice for the student.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class SignForm(Form):
    released = forms.ChoiceField(
        label=_("The new school may read"),
        choices=list(RELEASED_FOR_STUDENT.items()),
        widget=forms.RadioSelect,
        error_messages={"required": _("The new school may read: choose which parts the new school may read.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, with_part_b: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_part_b:  # no advice yet: only part A can be shared
            self.fields["released"].choices = [(Released.A.value, RELEASED_FOR_STUDENT[Released.A])]


class AgreeForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
