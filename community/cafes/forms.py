"""Forms parse input; the rules (past dates, place or video link…) live in the services."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from exchange.models import Member
from frontend.forms import copy_errors
from frontend.widgets import DateInput, TimeInput

from .models import CafeSeries

DURATIONS = [
    (60, _("1 hour")),
    (90, _("1 hour 30")),
    (120, _("2 hours")),
    (150, _("2 hours 30")),
    (180, _("3 hours")),
]


class HostsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Member.objects.filter(anonymised_at__isnull=True).exclude(group_role=""),
            widget=forms.CheckboxSelectMultiple,
            label=_("Host team (Groupe d'Animation)"),
            help_text=_("Nobody ticked: you host it."),
            required=False,
            **kwargs,
        )


class _PlaceFields(forms.Form):
    # Required fields are checked by the service, whose messages say what to write.
    duration_minutes = forms.TypedChoiceField(
        label=pgettext_lazy("café", "Duration"), choices=DURATIONS, coerce=int, initial=120
    )
    place_name = forms.CharField(
        label=_("Place (e.g. the square, the community room)"), max_length=200, required=False
    )
    place_address = forms.CharField(
        label=pgettext_lazy("café", "Address"), max_length=300, required=False
    )
    video_url = forms.CharField(
        label=_("Or, for an online café: the video call link"),
        max_length=400,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    description = forms.CharField(
        label=_("Description (what to expect, who is welcome)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    hosts = HostsField()

    # Which form field shows a service error about another name.
    error_fields: dict[str, str] = {}

    def show_errors(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            exc = ValidationError(
                {self.error_fields.get(k, k): v for k, v in exc.error_dict.items()}
            )
        copy_errors(self, exc)


class CafeForm(_PlaceFields):
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    time = forms.TimeField(
        label=pgettext_lazy("café", "Time"),
        required=False,
        widget=TimeInput(),
    )
    field_order = ["date", "time"]
    error_fields = {"starts_at": "date"}

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        day, at = data.pop("date"), data.pop("time")
        data["starts_at"] = timezone.make_aware(datetime.combine(day, at)) if day and at else None
        return data


class SeriesForm(_PlaceFields):
    week_of_month = forms.TypedChoiceField(
        label=_("Which one in the month"), choices=CafeSeries.Week.choices, coerce=int
    )
    weekday = forms.TypedChoiceField(
        label=_("Day of the week"), choices=list(WEEKDAYS.items()), coerce=int, initial=5
    )
    start_time = forms.TimeField(
        label=pgettext_lazy("café", "Time"),
        required=False,
        widget=TimeInput(),
    )
    count = forms.TypedChoiceField(
        label=_("How many cafés to schedule now"),
        choices=[(n, str(n)) for n in range(1, 13)],
        coerce=int,
        initial=6,
    )
    field_order = ["week_of_month", "weekday", "start_time", "count"]

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class HeadcountForm(forms.Form):
    members = forms.CharField(
        label=_("Members of the network"),
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
    )
    non_members = forms.CharField(
        label=_("Not yet members"),
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
    )


class ReportForm(forms.Form):
    text = forms.CharField(
        label=_("What came up (ideas, needs, projects, how it went)"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Members of the network can read this report."),
    )
