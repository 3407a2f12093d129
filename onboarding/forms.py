"""The console's forms parse input; the rules (ranges, amorceurs, dates…) live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coopere.accounts.selectors import coaches
from tenants.models import Network, Region

from .models import Amorceur


class CoachChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=coaches(),
            label=_("Coach"),
            required=False,
            empty_label=_("No coach yet"),
            **kwargs,
        )

    def label_from_instance(self, user):
        return user.get_full_name() or user.email


class PipelineFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or address"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    coach = forms.ChoiceField(label=_("Coach"), required=False)
    phase = forms.ChoiceField(
        label=_("Phase"),
        required=False,
        choices=[("", _("All phases")), *Network.Phase.choices],
    )
    health = forms.ChoiceField(
        label=_("Health"),
        required=False,
        choices=[
            ("", _("All networks")),
            ("alerts", _("With open alerts")),
            ("ok", _("Without alerts")),
        ],
    )

    def __init__(self, *args, regions, coach_list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("All regions"))] + [
            (r.code, r.name) for r in regions
        ]
        self.fields["coach"].choices = [
            ("", _("All coaches")),
            ("none", _("Without a coach")),
        ] + [(str(u.pk), u.get_full_name() or u.email) for u in coach_list]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v or "" for k, v in self.cleaned_data.items()}


class _PerimeterFields(forms.Form):
    perimeter_description = forms.CharField(
        label=_("Perimeter"),
        help_text=_("In plain words: the buildings, the streets, the landmarks."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    perimeter_streets = forms.CharField(
        label=_("Streets or buildings"),
        help_text=_("One per line: the invitation letter is addressed to each."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    # Not bounded here: the service says the range in French.
    estimated_households = forms.CharField(
        label=_("Estimated households (100 to 500)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    meeting_place = forms.CharField(
        label=_("Meeting place for the cafés"), max_length=200, required=False
    )


class OpenNetworkForm(_PerimeterFields):
    name = forms.CharField(label=_("Name of the network"), max_length=120, required=False)
    slug = forms.CharField(
        label=pgettext_lazy("network", "Address"),
        help_text=_("The sub-domain of its residents' site, e.g. bois-des-roches."),
        max_length=40,
        required=False,
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("name"), required=False
    )
    coach = CoachChoiceField()

    field_order = [
        "name",
        "slug",
        "region",
        "perimeter_description",
        "perimeter_streets",
        "estimated_households",
        "meeting_place",
        "coach",
    ]


class PerimeterForm(_PerimeterFields):
    pass


class AmorceurForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    kind = forms.ChoiceField(
        label=pgettext_lazy("amorceur", "Who is it?"),
        choices=[("", "—"), *Amorceur.Kind.choices],
        required=False,
    )
    organisation = forms.CharField(
        label=_("Organisation (if not a resident)"), max_length=150, required=False
    )
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)


class RelayForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=150, required=False)
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


# Blank rows are ignored: the service wants at least one amorceur and says so.
AmorceurFormSet = forms.formset_factory(AmorceurForm, extra=3, max_num=20)
RelayFormSet = forms.formset_factory(RelayForm, extra=2, max_num=20)


def filled_rows(formset) -> list[dict]:
    return [
        f.cleaned_data
        for f in formset.forms
        if f.is_valid() and any((v or "").strip() for v in f.cleaned_data.values())
    ]


class CoachForm(forms.Form):
    coach = CoachChoiceField()


class TickForm(forms.Form):
    done_at = forms.DateField(
        label=_("Done on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    attachment = forms.FileField(label=_("Attachment (optional)"), required=False)


class MoveForm(forms.Form):
    to_phase = forms.ChoiceField(choices=Network.Phase.choices, widget=forms.HiddenInput)
    override = forms.BooleanField(
        label=_("Move past the unmet conditions (operators only)"), required=False
    )
    override_reason = forms.CharField(
        label=_("Why (required to move past the conditions)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"), required=False)
