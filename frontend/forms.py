"""Form helpers shared by every app's views."""

from django import forms
from django.core.exceptions import ValidationError


def copy_errors(form: forms.Form, exc: ValidationError, rename: dict | None = None) -> None:
    """Show a service's ValidationError on the form, field by field; `rename` maps a
    service's field name to the form's where they differ (price_cents -> price)."""
    rename = rename or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            field = rename.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
