from django import forms
from django.utils.translation import gettext_lazy as _

from overstap.core.forms import DateField, Form, style_form, today

from .models import AbsenceKind, Arrangement, RouteStatus
from .selectors import NO_ROUTE
from .workflow import CLOSED


class StyledForm(Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class RegisterFilterForm(StyledForm):
    school = forms.TypedChoiceField(label=_("School"), required=False, coerce=int, empty_value=None)
    gemeente = forms.TypedChoiceField(label=_("Municipality"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Route"), required=False)
    herziening = forms.BooleanField(label=_("Review due this week"), required=False)

    def __init__(self, *args, schools=(), towns=(), **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("All"))]
        self.fields["school"].choices = [*everyone, *schools]
        self.fields["gemeente"].choices = [*everyone, *towns]
        self.fields["status"].choices = [*everyone, (NO_ROUTE, _("No route yet")), *RouteStatus.choices]


class AbsenceForm(StyledForm):
    from_date = DateField(label=_("Absent from"), latest=today)
    kind = forms.ChoiceField(label=_("Kind of absence"), choices=AbsenceKind.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What leerplicht needs to know about the absence. No medical details."),
    )


class EndAbsenceForm(StyledForm):
    prefix = "einde"
    to_date = DateField(label=_("Absent until"), latest=today)


class RouteForm(StyledForm):
    prefix = "route"
    acting_organisation = forms.TypedChoiceField(
        label=_("Who acts (organisation)"), required=False, coerce=int, empty_value=None
    )
    acting_person = forms.CharField(label=_("Who acts (person)"), max_length=200, required=False)
    acting_since = DateField(label=_("Acting since"), required=False, latest=today)
    arrangement = forms.ChoiceField(label=_("Arrangement"), choices=Arrangement.choices, required=False)
    support_note = forms.CharField(
        label=_("What the support consists of"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Read by the samenwerkingsverband and the school, not by leerplicht."),
    )
    next_review_on = DateField(label=_("Next review"), required=False, earliest=today)
    note = forms.CharField(
        label=_("What changed (for the history)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, organisations=(), support=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["acting_organisation"].choices = [("", "—"), *((o.pk, str(o)) for o in organisations)]
        if not support:
            del self.fields["support_note"]


class CloseRouteForm(StyledForm):
    prefix = "afsluiten"
    status = forms.ChoiceField(
        label=_("How the route ends"),
        choices=[(s.value, s.label) for s in RouteStatus if s in CLOSED],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Reason: say why the route ends (where the pupil goes, or why it stops).")},
    )
