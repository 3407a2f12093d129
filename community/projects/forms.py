"""Forms parse input; the rules (past dates, lengths, who may act) live in the services."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontend.forms import copy_errors
from frontend.uploads import PhotoField
from frontend.widgets import DateInput, TimeInput

from .models import Sheet


class ProjectForm(forms.Form):
    # Required fields are checked by the service, whose messages say what to write.
    sheet = forms.ModelChoiceField(
        label=_("Start from a kick-off sheet"),
        queryset=Sheet.objects.filter(kind=Sheet.Kind.KICKOFF).order_by("position", "title"),
        to_field_name="slug",
        required=False,
        empty_label=_("No sheet: a blank project"),
        help_text=_("The sheet's steps become the project's checklist, which you can complete."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Left empty: the sheet's title."),
    )
    goal = forms.CharField(
        label=_("Goal (what you want to do together)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class ProjectEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    goal = forms.CharField(
        label=_("Goal (what you want to do together)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    time = forms.TimeField(label=_("Time"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=300, required=False)

    def when(self) -> datetime | None:
        day, at = self.cleaned_data.get("date"), self.cleaned_data.get("time")
        if day and at:
            return timezone.make_aware(datetime.combine(day, at))
        return None

    def show_errors(self, exc: ValidationError) -> None:
        """The service names its fields after the model: show them on this form's."""
        names = {"next_meeting": "date", "next_meeting_place": "place"}
        if hasattr(exc, "error_dict"):
            exc = ValidationError({names.get(k, k): v for k, v in exc.error_dict.items()})
        copy_errors(self, exc)

    def is_partial(self) -> bool:
        """A date without a time, or the reverse: say so rather than clear the meeting."""
        return bool(self.cleaned_data.get("date")) != bool(self.cleaned_data.get("time"))


class StepForm(forms.Form):
    text = forms.CharField(label=_("A new step"), max_length=400, required=False)


class PhotoForm(forms.Form):
    image = PhotoField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption (optional)"), max_length=300, required=False)


class SheetForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Summary (one or two sentences)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    steps = forms.CharField(
        label=_("Steps or tips, one per line"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
    )


class NewSheetForm(SheetForm):
    kind = forms.ChoiceField(
        label=_("Kind of sheet"), choices=Sheet.Kind.choices, widget=forms.RadioSelect
    )
    field_order = ["kind"]
