"""Every message about a field names that field, on every form of the project: Django's own messages (required,
too long, not a valid date, not a number, not one of the choices) as much as the forms' own. The walk finds each
form class, so a new form whose messages do not say which field they are about makes this fail."""

import importlib
import inspect
import itertools
import pkgutil

import pytest
from django import forms
from django.utils import translation

import overstap
from overstap.core.forms import DateField, Form, NamedErrorsMixin


def _form_classes():
    found = {}
    for module_info in pkgutil.iter_modules(overstap.__path__):
        try:
            module = importlib.import_module(f"overstap.{module_info.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found[f"{module_info.name}.{name}"] = cls
    return found


FORMS = _form_classes()


def _arguments(cls, organisation):
    """Each way the views make the form: the keyword arguments it needs, in every variant that changes its fields
    or labels (a dossier entry that is only the parents' view; feedback at each moment)."""
    from overstap.consent.categories import Category
    from overstap.support.models import Kind
    from overstap.transitions.models import Moment

    variants = {
        "categories": [[category.value for category in Category], [Category.ZIENSWIJZE.value]],
        "kinds": [list(Kind)],
        "moment": list(Moment.values),
        "organisation": [organisation],
        "choices": [{"schools": [(1, "De Brug")], "codes": ["PO-VO"], "years": ["2025-2026"]}],
    }
    needed = [
        parameter.name
        for parameter in inspect.signature(cls.__init__).parameters.values()
        if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty
    ]
    missing = set(needed) - set(variants)
    assert not missing, f"{cls.__name__} needs {missing}: add an example to this test"
    return [dict(zip(needed, values, strict=True)) for values in itertools.product(*(variants[n] for n in needed))]


def _wrong(field):
    """A value the field refuses, chosen to bring out Django's own messages rather than the forms' custom ones."""
    if isinstance(field, forms.DateField):
        return "31-02-2026"
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return "veel"
    if isinstance(field, forms.EmailField):
        return "geen adres"
    if isinstance(field, forms.MultipleChoiceField):
        return ["bestaat-niet"]
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return "bestaat-niet"
    if isinstance(field, forms.BooleanField):
        return ""
    if getattr(field, "max_length", None):
        return "x" * (field.max_length + 1)
    if getattr(field, "min_length", None):
        return "x" * (field.min_length - 1)
    return ""


def _messages_without_their_field(cls, organisation, data_for):
    problems = []
    with translation.override("nl"):
        for arguments in _arguments(cls, organisation):
            form = cls(data=data_for(cls(**arguments).fields), **arguments)
            form.is_valid()
            for name, errors in form.errors.items():
                if name == forms.forms.NON_FIELD_ERRORS:
                    continue
                label = str(form.fields[name].label or "").casefold()
                for message in errors:
                    short_name, colon, rest = message.casefold().partition(": ")
                    named = label in message.casefold() or (
                        colon and short_name and all(word in label for word in short_name.split())
                    )
                    # "In een paar woorden: titel: ..." names the field, and then another one.
                    second_name, second_colon, _ = rest.partition(": ")
                    named_twice = second_colon and len(second_name.split()) <= 4 and "." not in second_name
                    if not named or named_twice:
                        problems.append(f"{name} ({label}): {message}")
    return problems


@pytest.fixture
def organisation(db):
    from overstap.testing import factories

    return factories.OrganisationFactory()


def test_the_walk_finds_the_forms_of_every_app():
    apps = {where.split(".")[0] for where in FORMS}
    assert len(FORMS) >= 50
    assert {"accounts", "dossiers", "transitions", "tables", "thuiszitters", "coaching", "support"} <= apps


def test_every_form_names_its_fields_in_its_errors():
    assert [where for where, cls in FORMS.items() if not issubclass(cls, NamedErrorsMixin)] == []


@pytest.mark.parametrize("where", sorted(FORMS))
def test_an_empty_form_says_which_field_is_missing(where, organisation):
    assert _messages_without_their_field(FORMS[where], organisation, lambda fields: {}) == []


@pytest.mark.parametrize("where", sorted(FORMS))
def test_a_wrong_value_says_which_field_is_wrong(where, organisation):
    def wrong(fields):
        return {name: _wrong(field) for name, field in fields.items()}

    assert _messages_without_their_field(FORMS[where], organisation, wrong) == []


class NoteForm(Form):
    title = forms.CharField(label="Onderwerp", max_length=5)
    on = DateField(label="Gespreksdatum")
    count = forms.IntegerField(label="Aantal leerlingen")
    kind = forms.ChoiceField(label="Soort", choices=[("a", "A")])


def test_djangos_own_messages_are_given_the_label_in_dutch():
    with translation.override("nl"):
        form = NoteForm({"title": "te lang hier", "on": "31-02-2026", "count": "veel", "kind": "b"})
        assert not form.is_valid()
        assert {name: list(messages) for name, messages in form.errors.items()} == {
            "title": ["Onderwerp: gebruik hoogstens 5 tekens (nu 12)."],
            "on": ["Gespreksdatum: vul een geldige datum in (dd-mm-jjjj)."],
            "count": ["Aantal leerlingen: voer een geheel getal in."],
            "kind": ["Soort: selecteer een geldige keuze. b is geen beschikbare keuze."],
        }


def test_a_service_message_put_on_the_form_is_named_too():
    from django.core.exceptions import ValidationError

    from overstap.core.forms import apply_errors

    with translation.override("nl"):
        form = NoteForm({"title": "kort", "on": "01-03-2026", "count": "3", "kind": "a"})
        assert form.is_valid()
        apply_errors(form, ValidationError({"on": "Die dag is al een gesprek gepland."}))
        assert list(form.errors["on"]) == ["Gespreksdatum: die dag is al een gesprek gepland."]


def test_a_date_that_cannot_be_read_comes_back_as_it_was_typed():
    with translation.override("nl"):
        html = str(NoteForm({"on": "31-02-2026"})["on"])
    assert 'type="text"' in html and 'value="31-02-2026"' in html


@pytest.mark.parametrize("where", sorted(FORMS))
def test_each_line_of_the_summary_leads_to_its_field(where, organisation):
    import re

    from django.template.loader import render_to_string

    cls = FORMS[where]
    with translation.override("nl"):
        for arguments in _arguments(cls, organisation):
            form = cls(data={}, **arguments)
            summary = render_to_string("ui/form_errors.html", {"form": form})
            fields = "".join(str(form[name]) for name in form.fields)
            for target in re.findall(r'href="#([^"]*)"', summary):
                assert target and f'id="{target}"' in fields, (where, target)
