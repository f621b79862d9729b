"""What every form of Overstap shares: the one date field, and turning a service's ValidationError into what the
user sees (errors on the form, or messages on the page)."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext

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


class DateField(forms.DateField):
    """The date field of every form: the browser's date picker (an HTML date input), or a date typed as
    dd-mm-yyyy where there is none.

    Each message names its field, in the language of the request ("Datum: vul een geldige datum in
    (dd-mm-jjjj)."). A date before ``earliest`` or after ``latest`` is refused with that bound in the message;
    a bound is a date, or a function such as ``today`` for one that moves. A message given in ``error_messages``
    (e.g. a more specific "required") is kept.
    """

    def __init__(self, *, label, earliest=EARLIEST_DATE, latest=LATEST_DATE, **kwargs):
        self.earliest, self.latest = earliest, latest
        given = kwargs.get("error_messages") or {}
        # The picker needs its value as yyyy-mm-dd, whatever the language's own date format is.
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(label=label, **kwargs)
        # Lazy, so the message follows the language of each request rather than the one at import.
        named = {"invalid": lazy(_invalid_date, str)(label), "required": lazy(_required, str)(label)}
        self.error_messages.update({key: message for key, message in named.items() if key not in given})

    @staticmethod
    def _bound(bound):
        return bound() if callable(bound) else bound

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        # Fixed bounds also limit the picker; a moving one is only checked, so a page open past midnight is fine.
        for name, bound in (("min", self.earliest), ("max", self.latest)):
            if isinstance(bound, datetime.date):
                attrs[name] = bound.isoformat()
        return attrs

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
    """NL Design System classes on every widget, and a required-message that names its field.

    Works on a form or on every form of a formset; returns what it was given.
    """
    if isinstance(form, forms.BaseFormSet):
        for member in form:
            style_form(member)
        return form
    for field in form.fields.values():
        # Every message names its field, also Django's default "this field is required".
        default = forms.Field.default_error_messages["required"]
        if str(field.error_messages.get("required", "")) == str(default):
            field.error_messages["required"] = gettext("%(field)s: this field is required.") % {"field": field.label}
        widget = field.widget
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("class", "utrecht-textarea")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "utrecht-select")
        elif not isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.HiddenInput):
            widget.attrs.setdefault("class", "utrecht-textbox")
    return form
