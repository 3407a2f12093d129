"""The console's catalogue page: operators read the checklists and publish a new version.

Publishing never changes a version: networks already started keep theirs, networks that
start afterwards follow the new one (`services.publish_checklist_version`).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coopere.accounts.decorators import operator_required
from tenants.models import Network

from .. import selectors, services
from ..forms_catalogue import CatalogueFormSet, initial_rows, items_to_publish
from ..models import ChecklistItem, ChecklistVersion


@operator_required
def catalogue(request):
    # One query: every version with the number of networks following it, newest first.
    versions = list(
        ChecklistVersion.objects.annotate(network_count=Count("networks")).order_by("-number")
    )
    latest = versions[0] if versions else None
    items = selectors.catalogue_items(latest) if latest else []
    errors: list[str] = []
    numbers: dict[int, int] = {}
    status = 200
    if request.method == "POST":
        formset = CatalogueFormSet(request.POST, prefix="items")
        if formset.is_valid():
            to_publish, numbers = items_to_publish(formset)
            try:
                version = services.publish_checklist_version(actor=request.user, items=to_publish)
            except ValidationError as exc:
                errors = [m for messages_ in exc.message_dict.values() for m in messages_]
            else:
                messages.success(
                    request,
                    _(
                        "Version %(number)d published: new networks will follow it; "
                        "networks under way keep their own."
                    )
                    % {"number": version.number},
                )
                return redirect("console:catalogue")
        status = 400
    else:
        formset = CatalogueFormSet(initial=initial_rows(items), prefix="items")
    rows = [(form, numbers.get(index)) for index, form in enumerate(formset.forms)]
    return render(
        request,
        "console/catalogue.html",
        {
            "latest": latest,
            "versions": versions,
            "phases": _by_phase(items),
            "formset": formset,
            "rows": rows,
            "errors": errors,
        },
        status=status,
    )


def _by_phase(items: list[dict]) -> list[tuple[str, list[dict]]]:
    kinds = dict(ChecklistItem.Kind.choices)
    indicators = dict(ChecklistItem.Indicator.choices)
    by_phase: dict[str, list[dict]] = {code: [] for code in Network.Phase.values}
    for item in items:
        by_phase.setdefault(item["phase"], []).append(
            {
                **item,
                "kind_label": kinds.get(item["kind"], item["kind"]),
                "indicator_label": indicators.get(item["indicator"], item["indicator"]),
            }
        )
    return [(label, by_phase[code]) for code, label in Network.Phase.choices]
