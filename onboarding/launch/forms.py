"""Forms parse input; the rules live in the services (their errors are copied here)."""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from frontend.widgets import DateInput, TimeInput

from . import letter
from .services import NOTES_MAX, PLACE_MAX


class AperoInfoForm(forms.Form):
    # ISO values: what a browser's date field reads and sends, whatever the language.
    day = forms.DateField(label=_("Day"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=PLACE_MAX, required=False)
    notes = forms.CharField(
        label=_("Notes (for the coaches)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTES_MAX,
        required=False,
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        if network.meeting_place:
            self.fields["place"].help_text = gettext(
                "Leave empty for the network's meeting place: %(place)s."
            ) % {"place": network.meeting_place}

    def starts_at(self) -> datetime:
        """The day and time, in the site's time zone (Europe/Paris)."""
        data = self.cleaned_data
        return timezone.make_aware(datetime.combine(data["day"], data["time"]))

    def show(self, exc: ValidationError) -> None:
        # The service judges the moment as a whole: its message goes under the day.
        for name, messages in exc.message_dict.items():
            target = {"starts_at": "day"}.get(name, name)
            self.add_error(target if target in self.fields else None, messages)


class HeldForm(forms.Form):
    # No min_value: the service's own French message says what is expected.
    attendance = forms.IntegerField(
        label=_("Number of people who came"),
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
    )
    notes = forms.CharField(
        label=_("Notes (how it went, who volunteered)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTES_MAX,
        required=False,
    )


class LetterTextForm(forms.Form):
    body = forms.CharField(
        label=_("Text of the letter"),
        widget=forms.Textarea(attrs={"rows": 18}),
        required=False,
        strip=False,
        help_text=_(
            "Leave a blank line between paragraphs. Fields filled in on each letter: "
            "{date}, {heure}, {lieu} and {reseau}. The day, the place and the amorceurs' "
            "names are also printed in a box above the text."
        ),
    )


class AddressesForm(forms.Form):
    addresses = forms.CharField(
        label=_("Addresses, one a line"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addresses"].help_text = gettext(
            "One letter per line, headed “To the residents of” and the line, "
            "e.g. “12 rue des Lilas”. %(max)d lines at most."
        ) % {"max": letter.ADDRESSES_MAX}
