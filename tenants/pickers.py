"""Choosing networks among thousands without listing them all: the chosen ones as ticked
boxes, a search field, and the networks found as unticked boxes.

Without JavaScript: the search button submits the whole form to the same page, which
renders it again with what was typed and the networks found (the form's views must not
save then: `picker_searching(form)`). The search button comes right after the search field,
before the form's own button, so Enter in the field searches instead of saving.
Validation stays Django's: the field's queryset is every live network (one query on the
posted ids), so a network of the search can be ticked and a forged id is refused.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import live_networks, search_live_networks

SEARCH_SUFFIX = "_q"
BUTTON_SUFFIX = "_search"


class NetworkPicker(forms.CheckboxSelectMultiple):
    template_name = "frontend/widgets/network_picker.html"
    # form_fields.html renders a picker as it is (its own fieldset and legend).
    picker = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.search_text = ""
        self.label = ""
        self.help_text = ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen_ids = [int(v) for v in (value or []) if str(v).isdigit()]
        chosen = list(
            live_networks()
            .filter(pk__in=chosen_ids)
            .only("pk", "name", "slug", "region__name")
            .order_by("name", "pk")
        )
        found = search_live_networks(self.search_text, exclude=chosen_ids)
        base_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"].update(
            {
                "chosen": chosen,
                "found": found,
                "search_text": self.search_text,
                "search_name": name + SEARCH_SUFFIX,
                "button_name": name + BUTTON_SUFFIX,
                "base_id": base_id,
                "label": self.label,
                "help_text": self.help_text,
                "searched": bool(self.search_text.strip()),
            }
        )
        return context

    def id_for_label(self, id_, index=None):
        return f"{id_}{SEARCH_SUFFIX}" if index is None else super().id_for_label(id_, index)


class NetworkPickerField(forms.ModelMultipleChoiceField):
    widget = NetworkPicker

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", live_networks().order_by("name"))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("Choose only among the open networks.")}
        )
        super().__init__(**kwargs)
        # The widget renders its own choices (chosen and found), never the whole queryset.
        self.widget.choices = []

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.choices = []

    queryset = property(forms.ModelMultipleChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        return obj.name


def bind_pickers(form: forms.Form) -> None:
    """Give each picker of the form what was typed in its search field (call in __init__)."""
    for name, field in form.fields.items():
        if isinstance(field.widget, NetworkPicker):
            field.widget.label = field.label
            field.widget.help_text = field.help_text
            if form.is_bound:
                field.widget.search_text = form.data.get(form.add_prefix(name) + SEARCH_SUFFIX, "")


def picker_searching(form: forms.Form) -> bool:
    """True when the form came back through a picker's search button (show, don't save)."""
    if not form.is_bound:
        return False
    return any(
        form.add_prefix(name) + BUTTON_SUFFIX in form.data
        for name, field in form.fields.items()
        if isinstance(field.widget, NetworkPicker)
    )
