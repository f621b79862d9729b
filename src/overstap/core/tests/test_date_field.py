"""The one date field of every form: a Dutch date typed by hand (or yyyy-mm-dd), and messages that name the
field in the language of the page."""

import datetime

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from overstap.core.forms import DateField, today


class PlanForm(forms.Form):
    on = DateField(label=_("Date"))
    until = DateField(label=_("Until"), required=False, latest=today)
    start = DateField(label=_("From"), error_messages={"required": _("From: give the start date.")})


def _errors(data, language="nl"):
    with translation.override(language):
        form = PlanForm(data)
        form.is_valid()
        return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


def test_a_typed_dutch_date_and_yyyy_mm_dd_both_count():
    for typed in ("2026-03-01", "01-03-2026", "1-3-2026", "01/03/2026", "01.03.2026"):
        form = PlanForm({"on": typed, "start": typed})
        assert form.is_valid(), (typed, form.errors)
        assert form.cleaned_data["on"] == datetime.date(2026, 3, 1)


def test_a_date_is_never_read_the_american_way():
    with translation.override("en"):
        form = PlanForm({"on": "03/01/2026", "start": "2026-01-01"})
        assert form.is_valid() and form.cleaned_data["on"] == datetime.date(2026, 1, 3)


def test_a_wrong_date_names_its_field_in_the_language_of_the_page():
    assert _errors({"on": "31-02-2026", "start": "morgen"}) == {
        "on": ["Datum: vul een geldige datum in (dd-mm-jjjj)."],
        "start": ["Van: vul een geldige datum in (dd-mm-jjjj)."],
    }
    assert _errors({"on": "31-02-2026", "start": "2026-01-01"}, "en") == {
        "on": ["Date: enter a valid date (dd-mm-yyyy)."]
    }


def test_a_missing_date_names_its_field_or_keeps_the_forms_own_message():
    assert _errors({}) == {"on": ["Datum: dit veld is verplicht."], "start": ["Van: vul de begindatum in."]}


def test_a_mistyped_year_and_a_date_past_a_moving_bound_are_refused():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    errors = _errors({"on": "0226-03-01", "start": "2226-03-01", "until": tomorrow.isoformat()})
    assert errors == {
        "on": ["Datum: vul een datum in op of na 01-01-1900."],
        "start": ["Van: vul een datum in op of voor 31-12-2100."],
        "until": [f"Tot: vul een datum in op of voor {timezone.localdate():%d-%m-%Y}."],
    }


def test_a_date_is_shown_as_dd_mm_yyyy_in_a_text_box_with_the_format_said():
    with translation.override("nl"):
        form = PlanForm(initial={"on": datetime.date(2026, 3, 1)})
        html = str(form["on"])
        assert str(form["on"].help_text) == "Als dd-mm-jjjj, bijvoorbeeld 31-08-2026."
    assert 'type="text"' in html and 'value="01-03-2026"' in html
    assert 'aria-describedby="id_on_helptext"' in html


def test_a_date_that_cannot_be_read_is_shown_as_typed():
    with translation.override("nl"):
        form = PlanForm({"on": "31-02-2026", "start": "1-3-2026"})
        assert not form.is_valid()
        assert 'value="31-02-2026"' in str(form["on"])


def test_every_date_of_the_app_forms_is_the_shared_field():
    import inspect

    from overstap.dossiers import forms as dossier_forms
    from overstap.pupils import forms as pupil_forms
    from overstap.support import forms as support_forms
    from overstap.transitions import forms as transition_forms

    dates = {}
    for module in (dossier_forms, pupil_forms, support_forms, transition_forms):
        for name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                fields = form.base_fields.items()
                dates.update({f"{name}.{field}": type(f) for field, f in fields if isinstance(f, forms.DateField)})
    assert len(dates) >= 15
    assert {where: kind for where, kind in dates.items() if kind is not DateField} == {}
