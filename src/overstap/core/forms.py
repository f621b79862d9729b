"""Turning a service's ValidationError into what the user sees: errors on the form, or messages on the page."""

from django.contrib import messages
from django.core.exceptions import ValidationError


def apply_errors(form, error: ValidationError) -> None:
    """Put each message next to its field (or above the form when the field is not on it)."""
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def flash_errors(request, error: ValidationError) -> None:
    """For actions without a form of their own: each problem as an error message on the next page."""
    for problems in error.message_dict.values():
        for problem in problems:
            messages.error(request, problem)
