"""What every form of Overstap shares: the base form whose every message names its field, the one date field, and
turning a service's ValidationError into what the user sees (errors on the form, or messages on the page)."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

# How a date may be typed where the browser shows no date picker; the picker itself sends yyyy-mm-dd. The same
# in every language of the interface, so a Dutch date is never read as an American one.
DATE_INPUT_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")
# Wide enough for every date in a school career, narrow enough to catch a mistyped year (0225, 2205).
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


def today() -> datetime.date:
    """For a bound that moves with the calendar: ``DateField(latest=today)`` refuses a date in the future."""
    return timezone.localdate()


def _invalid_date(label) -> str:
    return gettext("%(field)s: enter a valid date (dd-mm-yyyy).") % {"field": label}


def _required(label) -> str:
    return gettext("%(field)s: this field is required.") % {"field": label}


DATE_HINT = gettext_lazy("As dd-mm-yyyy, for example 31-08-2026.")


def _with_hint(help_text) -> str:
    return f"{help_text} {DATE_HINT}" if help_text else str(DATE_HINT)


class DateField(forms.DateField):
    """The date field of every form: a text box for a date typed as dd-mm-yyyy (yyyy-mm-dd is read too), with
    that format said under the label.

    Not the browser's date picker: a picker sends nothing at all for a date it cannot read, so the user would see
    "required" and lose what they typed. A text box sends what was typed; a date that cannot be read comes back
    as typed, with a message. Each message names its field, in the language of the request ("Datum: vul een
    geldige datum in (dd-mm-jjjj)."). A date before ``earliest`` or after ``latest`` is refused with that bound
    in the message; a bound is a date, or a function such as ``today`` for one that moves. A message given in
    ``error_messages`` (e.g. a more specific "required") is kept.
    """

    def __init__(self, *, label, earliest=EARLIEST_DATE, latest=LATEST_DATE, **kwargs):
        self.earliest, self.latest = earliest, latest
        given = kwargs.get("error_messages") or {}
        kwargs.setdefault("widget", forms.DateInput(attrs={"class": "utrecht-textbox ovs-date"}, format="%d-%m-%Y"))
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs["help_text"] = lazy(_with_hint, str)(kwargs.get("help_text", ""))
        super().__init__(label=label, **kwargs)
        # Lazy, so the message follows the language of each request rather than the one at import.
        named = {"invalid": lazy(_invalid_date, str)(label), "required": lazy(_required, str)(label)}
        self.error_messages.update({key: message for key, message in named.items() if key not in given})

    @staticmethod
    def _bound(bound):
        return bound() if callable(bound) else bound

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        earliest, latest = self._bound(self.earliest), self._bound(self.latest)
        if earliest is not None and value < earliest:
            raise ValidationError(
                gettext("%(field)s: give a date on or after %(date)s.")
                % {"field": self.label, "date": earliest.strftime("%d-%m-%Y")},
                code="too_early",
            )
        if latest is not None and value > latest:
            raise ValidationError(
                gettext("%(field)s: give a date on or before %(date)s.")
                % {"field": self.label, "date": latest.strftime("%d-%m-%Y")},
                code="too_late",
            )


def names_field(message: str, label: str) -> bool:
    """Whether a message says which field it is about: it has the field's label in it, or it starts with a short
    name for the field followed by a colon ("Vraag: ..." for the field "Vraag van de school", "Datum: ..." for
    "Geboortedatum"), each word of that name being part of the label."""
    message, label = str(message).casefold(), str(label).casefold()
    if label in message:
        return True
    name, colon, _rest = message.partition(": ")
    return bool(colon) and 0 < len(name) <= 60 and all(word in label for word in name.split())


def _has_name(message: str) -> bool:
    """Whether the message starts with a name of its own ("Jeugdhulp: ..."): a service that names what it refuses
    is taken at its word rather than named twice. Whether a form's names match its labels is for the tests."""
    name, colon, _rest = message.partition(": ")
    return bool(colon) and 0 < len(name.split()) <= 4 and "." not in name


def _named(error: ValidationError, label: str) -> ValidationError:
    """The message of one error, saying which field it is about."""
    if error.code == "max_length" and error.params:
        message = gettext("%(field)s: use at most %(limit)d characters (now %(count)d).") % {
            "field": label,
            "limit": error.params["limit_value"],
            "count": error.params["show_value"],
        }
        return ValidationError(message, code=error.code)
    if error.code == "min_length" and error.params:
        message = gettext("%(field)s: use at least %(limit)d characters (now %(count)d).") % {
            "field": label,
            "limit": error.params["limit_value"],
            "count": error.params["show_value"],
        }
        return ValidationError(message, code=error.code)
    message = " ".join(error.messages)
    if names_field(message, label) or _has_name(message):
        return error
    # "Enter a whole number." becomes "Number: enter a whole number."; "BRIN ..." keeps its capitals.
    if len(message) > 1 and message[0].isupper() and not message[1].isupper():
        message = message[0].lower() + message[1:]
    return ValidationError(gettext("%(field)s: %(message)s") % {"field": label, "message": message}, code=error.code)


class NamedErrorsMixin:
    """Every message about a field names that field by its label, whoever raised it: Django's own messages
    (required, too long, not a number, not one of the choices), a validator, the form's ``clean_<field>`` or a
    service's ValidationError put on the form with ``apply_errors``. A message that already names the field is
    kept as it is."""

    def add_error(self, field, error):
        super().add_error(field, error)
        for name, problems in self._errors.items():
            if name == forms.forms.NON_FIELD_ERRORS or name not in self.fields:
                continue
            label = str(self.fields[name].label or pretty_name(name))
            problems.data[:] = [_named(problem, label) for problem in problems.as_data()]


class Form(NamedErrorsMixin, forms.Form):
    """The base of every form of Overstap: NL Design System classes on its widgets, messages that name fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


def apply_errors(form, error: ValidationError) -> None:
    """Put each message next to its field (or above the form when the field is not on it)."""
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def flash_errors(request, error, level=messages.ERROR) -> None:
    """For actions without a form of their own: each problem as a message on the next page (an error unless
    another level is given). Takes a service's ValidationError or a bound form's ``errors``."""
    by_field = error.message_dict if isinstance(error, ValidationError) else error
    for problems in by_field.values():
        for problem in problems:
            messages.add_message(request, level, problem)


def style_form(form):
    """NL Design System classes on every widget, a required-message that names its field, and no length limits
    in the page.

    Works on a form or on every form of a formset; returns what it was given.
    """
    if isinstance(form, forms.BaseFormSet):
        for member in form:
            style_form(member)
        return form
    for name, field in form.fields.items():
        # Every message names its field, also Django's default "this field is required".
        default = forms.Field.default_error_messages["required"]
        if str(field.error_messages.get("required", "")) == str(default):
            label = field.label or pretty_name(name)
            field.error_messages["required"] = gettext("%(field)s: this field is required.") % {"field": label}
        widget = field.widget
        # No maxlength in the page: the browser would cut a pasted text short without a word. The form says how
        # long it may be, naming the field, and the text stays there to shorten.
        widget.attrs.pop("maxlength", None)
        widget.attrs.pop("minlength", None)
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("class", "utrecht-textarea")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "utrecht-select")
        elif not isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.HiddenInput):
            widget.attrs.setdefault("class", "utrecht-textbox")
    return form
