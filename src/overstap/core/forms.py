"""Turning a service's ValidationError into what the user sees: errors on the form, or messages on the page."""

from django.contrib import messages
from django.core.exceptions import ValidationError


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
    from django import forms
    from django.utils.translation import gettext

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
