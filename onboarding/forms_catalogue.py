"""The catalogue editor's formset: one row per checklist item of the version to publish.

The forms only parse; `services.publish_checklist_version` decides what a valid catalogue
is and says so in French. Keys never change for existing items (they travel in a hidden
field); new rows get a key derived from their label.
"""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tenants.models import Network

from .models import ChecklistItem

KEY_LENGTH = 50
# Rows left blank (no key, no label) are ignored; this many are offered for new items.
EXTRA_ROWS = 3


class CatalogueItemForm(forms.Form):
    key = forms.CharField(required=False, widget=forms.HiddenInput)
    label = forms.CharField(
        label=pgettext_lazy("checklist item", "Label"), max_length=200, required=False
    )
    phase = forms.ChoiceField(label=_("Phase"), choices=Network.Phase.choices)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ChecklistItem.Kind.choices, initial=ChecklistItem.Kind.MANUAL
    )
    indicator = forms.ChoiceField(
        label=_("Indicator"),
        choices=[
            ("", pgettext_lazy("indicator", "none (manual item)")),
            *ChecklistItem.Indicator.choices,
        ],
        required=False,
    )
    threshold = forms.IntegerField(
        label=_("Threshold"),
        min_value=0,
        required=False,
        help_text=_("Automatic items only. Empty for the group size: the platform's setting."),
    )
    required = forms.BooleanField(
        label=_("Required to leave the phase"), required=False, initial=True
    )
    order = forms.IntegerField(
        label=_("Position in its phase"),
        min_value=0,
        required=False,
        help_text=_("Empty: after the others."),
    )
    remove = forms.BooleanField(label=_("Remove this item"), required=False)

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not (data.get("key") or "").strip() and not (data.get("label") or "").strip()


CatalogueFormSet = forms.formset_factory(CatalogueItemForm, extra=EXTRA_ROWS, max_num=200)


def initial_rows(items: list[dict]) -> list[dict]:
    """The current version's items (`selectors.catalogue_items`) as the formset's initial,
    in the phases' own order, each with its position in its phase."""
    order = Network.Phase.values
    rows = sorted(items, key=lambda i: order.index(i["phase"]) if i["phase"] in order else 99)
    counts: dict[str, int] = {}
    initial = []
    for item in rows:
        counts[item["phase"]] = counts.get(item["phase"], 0) + 1
        initial.append({**item, "order": counts[item["phase"]]})
    return initial


def items_to_publish(formset) -> tuple[list[dict], dict[int, int]]:
    """The kept rows of a valid formset, in the order they will be published, as the dicts
    the service takes; and for each form index, the item's number in that list (the number
    the service's messages use), so the page can label rows the same way."""
    kept = [
        (index, form.cleaned_data)
        for index, form in enumerate(formset.forms)
        if not form.is_blank() and not form.cleaned_data.get("remove")
    ]

    def sort_key(entry):
        index, data = entry
        phases = Network.Phase.values
        phase = phases.index(data["phase"]) if data["phase"] in phases else len(phases)
        order = data["order"] if data.get("order") is not None else 10**6
        return (phase, order, index)

    kept.sort(key=sort_key)
    used = {(data.get("key") or "").strip().lower() for _index, data in kept}
    items, numbers = [], {}
    for number, (index, data) in enumerate(kept, start=1):
        key = (data.get("key") or "").strip()
        if not key:
            key = new_key(data["label"], used)
            used.add(key)
        items.append(
            {
                "phase": data["phase"],
                "key": key,
                "label": data["label"],
                "kind": data["kind"],
                "indicator": data["indicator"],
                "threshold": data["threshold"],
                "required": data["required"],
            }
        )
        numbers[index] = number
    return items, numbers


def new_key(label: str, used: set[str]) -> str:
    """A key for a new item: its label as a slug, made unique within the version."""
    base = slugify(label)[:KEY_LENGTH].strip("-") or "item"
    key, suffix = base, 1
    while key in used:
        suffix += 1
        tail = f"-{suffix}"
        key = base[: KEY_LENGTH - len(tail)].strip("-") + tail
    return key
