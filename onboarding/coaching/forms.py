"""Forms parse input; the rules (future dates, durations, topics…) live in the services."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontend.widgets import DateInput, TimeInput
from tenants.models import Network

from .models import Topic


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        required=False,
        widget=forms.NumberInput(attrs={"min": 5, "max": 480, "step": 5, "inputmode": "numeric"}),
        help_text=_("Between 5 and 480 minutes."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class TrainingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    topic = forms.ChoiceField(
        label=_("Module"), choices=[("", "—"), *Topic.choices], required=False
    )
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput())
    time = forms.TimeField(label=_("Time"), required=False, widget=TimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_url = forms.URLField(
        label=_("Video call link"), max_length=300, required=False, assume_scheme="https"
    )
    trainer = forms.CharField(label=_("Trainer"), max_length=150, required=False)

    error_fields = {"starts_at": "date"}

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        day, at = data.pop("date"), data.pop("time")
        data["starts_at"] = timezone.make_aware(datetime.combine(day, at)) if day and at else None
        return data


class NetworkChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Network.objects.filter(state=Network.State.LIVE).order_by("name"),
            label=_("Network"),
            empty_label="—",
            required=False,
            **kwargs,
        )


class InvitationForm(forms.Form):
    network = NetworkChoiceField()
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)


class AmorceursForm(forms.Form):
    amorceurs = forms.MultipleChoiceField(
        label=_("Amorceurs"), choices=[], required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, amorceurs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["amorceurs"].choices = [
            (a.pk, f"{a.name} ({a.email})" if a.email else a.name) for a in amorceurs
        ]


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("What is being done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The alert stays open until its cause goes away."),
    )
