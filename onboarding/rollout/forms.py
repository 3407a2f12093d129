"""Forms of the roll-out pages: they parse; the rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coopere.accounts.selectors import coaches
from tenants.pickers import NetworkPickerField, bind_pickers, picker_searching


class CoachesField(forms.ModelMultipleChoiceField):
    """Coop-ère's staff: a few dozen people, so one box each."""

    def __init__(self, **kwargs):
        super().__init__(
            queryset=coaches(),
            label=_("Coaches of the region"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": _("A coach is a member of Coop-ère's staff.")},
            **kwargs,
        )

    def label_from_instance(self, user):
        return user.get_full_name() or user.email


class RegionForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    code = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=100,
        help_text=_(
            "Its address in the console, e.g. essonne. Left empty, it is made from the name."
        ),
    )
    coaches = CoachesField()

    @classmethod
    def initial_for(cls, region) -> dict:
        return {
            "name": region.name,
            "code": region.code,
            "coaches": [c.pk for c in region.coaches.all()],
        }


class CoachNetworksForm(forms.Form):
    networks = NetworkPickerField(
        label=_("Networks this coach follows"),
        help_text=_(
            "Ticked networks get this coach (a network has one coach); "
            "unticked ones are left without a coach."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bind_pickers(self)

    @property
    def searching(self) -> bool:
        return picker_searching(self)
