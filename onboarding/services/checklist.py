"""Ticking and unticking the checklist of a network (the coach's record of each step).

Every input is checked before anything is written; refusals are ValidationError with
per-field French messages, and leave the database as it was.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from coopere.accounts.services import require_operator
from coopere.validation import Errors
from tenants.models import Network

from ..models import (
    ChecklistItem,
    ChecklistVersion,
    ItemCheck,
    ItemUntick,
    NetworkChecklist,
)


def start_checklist(*, network: Network) -> NetworkChecklist:
    """Give the network the latest catalogue version, once; later calls keep it."""
    with schema_context(get_public_schema_name()), transaction.atomic():
        existing = NetworkChecklist.objects.select_related("version").filter(network=network)
        if existing.exists():
            return existing.get()
        version = ChecklistVersion.objects.order_by("-number").first()
        if version is None:
            raise ValidationError({"version": [_("No checklist has been published yet.")]})
        chosen, _created = NetworkChecklist.objects.get_or_create(
            network=network, defaults={"version": version}
        )
        return chosen


def _check_manual_item(network: Network, item: ChecklistItem, errors: Errors) -> None:
    chosen = NetworkChecklist.objects.filter(network=network).first()
    version_id = (
        chosen.version_id
        if chosen
        else ChecklistVersion.objects.order_by("-number").values_list("pk", flat=True).first()
    )
    if item.version_id != version_id:
        errors.add("item", _("This item is not part of this network's checklist."))
    elif item.kind == ChecklistItem.Kind.AUTOMATIC:
        errors.add(
            "item",
            _(
                "This item is computed from the network's indicators: "
                "it cannot be ticked or unticked by hand."
            ),
        )


def tick_item(
    *,
    network: Network,
    item: ChecklistItem,
    actor: User,
    done_at: date | None = None,
    note: str = "",
    attachment=None,
) -> ItemCheck:
    """Tick a manual item: the day it was done, who ticked it, an optional note and file."""
    from .contacts import check_upload

    with schema_context(get_public_schema_name()):
        errors = Errors()
        require_operator(actor, errors)
        _check_manual_item(network, item, errors)
        done_at = done_at or timezone.localdate()
        if done_at > timezone.localdate():
            errors.add("done_at", _("The date cannot be in the future."))
        check_upload(attachment, "attachment", errors)
        if not errors and ItemCheck.objects.filter(network=network, item=item).exists():
            errors.add("item", _("This item is already ticked."))
        errors.raise_if_any()
        with transaction.atomic():
            start_checklist(network=network)
            return ItemCheck.objects.create(
                network=network,
                item=item,
                done_at=done_at,
                done_by=actor,
                note=(note or "").strip(),
                attachment=attachment or "",
            )


def record_item_done(
    *, network: Network, key: str, actor: User, done_at: date, note: str = ""
) -> ItemCheck | None:
    """Tick (or re-date) the manual item `key` of the network's checklist because another
    console action just did it (scheduling the apéro-info ticks "apéro-info programmé").

    Called inside the caller's transaction; a catalogue version without that item, or where
    it is automatic, is left alone.
    """
    checklist = start_checklist(network=network)
    item = ChecklistItem.objects.filter(
        version=checklist.version, key=key, kind=ChecklistItem.Kind.MANUAL
    ).first()
    if item is None:
        return None
    check, _created = ItemCheck.objects.update_or_create(
        network=network,
        item=item,
        defaults={"done_at": min(done_at, timezone.localdate()), "done_by": actor, "note": note},
    )
    return check


def untick_item(
    *, network: Network, item: ChecklistItem, actor: User, reason: str = ""
) -> ItemUntick:
    """Untick a manual item, with the reason: the trace (what the tick said, who unticked
    it, when, why) stays on the network's page."""
    reason = (reason or "").strip()
    with schema_context(get_public_schema_name()):
        errors = Errors()
        require_operator(actor, errors)
        _check_manual_item(network, item, errors)
        if not errors and not ItemCheck.objects.filter(network=network, item=item).exists():
            errors.add("item", _("This item is not ticked."))
        if not reason:
            errors.add("reason", _("Write why this item is unticked."))
        errors.raise_if_any()
        with transaction.atomic():
            check = ItemCheck.objects.select_for_update().filter(network=network, item=item).first()
            if check is None:  # unticked by someone else meanwhile
                raise ValidationError({"item": [_("This item is not ticked.")]})
            trace = ItemUntick.objects.create(
                network=network,
                item=item,
                reason=reason,
                unticked_at=timezone.now(),
                unticked_by=actor,
                was_done_at=check.done_at,
                was_done_by_id=check.done_by_id,
                was_note=check.note,
            )
            check.delete()
            return trace
