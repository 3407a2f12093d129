"""The checklist catalogue: publishing a new version of the items of every phase."""

import re

from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from coopere.accounts.services import require_operator
from coopere.validation import Errors
from tenants.models import Network

from ..models import (
    ChecklistItem,
    ChecklistVersion,
)
from ..selectors import (
    GROUP_SIZE_FLOOR,
)

ITEM_FIELDS = ("phase", "key", "label", "kind", "indicator", "threshold", "required")


def publish_checklist_version(*, actor: User, items: list[dict]) -> ChecklistVersion:
    """Publish a new catalogue version (operators edit the checklists this way).

    `items` are dicts of ITEM_FIELDS in display order; the current version is a good start
    (`selectors.catalogue_items`). Networks already started keep their version; networks
    that start afterwards get this one.
    """
    errors = Errors()
    require_operator(actor, errors)
    cleaned = _clean_catalogue_items(items, errors)
    errors.raise_if_any()
    with schema_context(get_public_schema_name()), transaction.atomic():
        # Locks the latest version row so two publications cannot take the same number.
        latest = ChecklistVersion.objects.select_for_update().order_by("-number").first()
        version = ChecklistVersion.objects.create(number=(latest.number if latest else 0) + 1)
        positions: dict[str, int] = {}
        for fields in cleaned:
            positions[fields["phase"]] = positions.get(fields["phase"], 0) + 1
            ChecklistItem.objects.create(
                version=version, position=positions[fields["phase"]], **fields
            )
    return version


def _clean_catalogue_items(items: list[dict], errors: Errors) -> list[dict]:
    problems: list[str] = []
    cleaned: list[dict] = []
    seen: set[str] = set()
    if not items:
        problems.append(_("A checklist needs at least one item."))
    for number, raw in enumerate(items or [], start=1):
        fields = {
            "phase": raw.get("phase", ""),
            "key": (raw.get("key") or "").strip().lower(),
            "label": (raw.get("label") or "").strip(),
            "kind": raw.get("kind") or ChecklistItem.Kind.MANUAL,
            "indicator": raw.get("indicator") or "",
            "threshold": raw.get("threshold"),
            "required": bool(raw.get("required", True)),
        }
        where = {"number": number}
        if fields["phase"] not in Network.Phase.values:
            problems.append(_("Item %(number)d: unknown phase.") % where)
        if not fields["label"]:
            problems.append(_("Item %(number)d: give it a label.") % where)
        if not _is_key(fields["key"]):
            problems.append(
                _("Item %(number)d: give it a key of lowercase letters, digits and hyphens.")
                % where
            )
        elif fields["key"] in seen:
            problems.append(
                _("Item %(number)d: the key %(key)s is already used.")
                % {**where, "key": fields["key"]}
            )
        seen.add(fields["key"])
        if fields["kind"] == ChecklistItem.Kind.AUTOMATIC:
            if fields["indicator"] not in ChecklistItem.Indicator.values:
                problems.append(
                    _("Item %(number)d: an automatic item needs one of these indicators: %(list)s.")
                    % {**where, "list": ", ".join(ChecklistItem.Indicator.values)}
                )
        elif fields["kind"] == ChecklistItem.Kind.MANUAL:
            fields["indicator"], fields["threshold"] = "", None
        else:
            problems.append(_("Item %(number)d: unknown kind.") % where)
        threshold = fields["threshold"]
        if threshold is not None:
            try:
                threshold = fields["threshold"] = int(threshold)
            except (TypeError, ValueError):
                threshold = None
                problems.append(_("Item %(number)d: the threshold is a whole number.") % where)
        if threshold is not None and threshold < 0:
            problems.append(_("Item %(number)d: the threshold is a whole number.") % where)
        if (
            threshold is not None
            and fields["indicator"] == ChecklistItem.Indicator.GROUP_SIZE
            and threshold < GROUP_SIZE_FLOOR
        ):
            problems.append(
                _("Item %(number)d: a Groupe d'Animation counts at least %(min)d members.")
                % {**where, "min": GROUP_SIZE_FLOOR}
            )
        cleaned.append(fields)
    if problems:
        errors["items"] = problems
    return cleaned


def _is_key(key: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?", key))
