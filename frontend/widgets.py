"""Form widgets shared by every app.

A browser's `<input type=date>` (and `time`, `datetime-local`) reads and sends ISO values
only (2026-12-05, 10:30), whatever the page's language. Django's default widgets render an
initial value in the active locale (05/12/2026 in French): the browser drops it, the field
shows empty, and saving the form loses the date. These widgets always render ISO.
"""

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_TIME = "%H:%M"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATE)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_TIME)


class DateTimeLocalInput(forms.DateTimeInput):
    """For a `forms.DateTimeField`: the value is shown in the current time zone."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=ISO_DATETIME_LOCAL)
