"""Group purchases: open one, take orders (a sponsor may order for the neighbour they
accompany), close the order or cancel it. Cost sharing only: each pays quantity × unit cost.

Each action checks its input first, then writes in one transaction; the purchase row is
locked while an order is placed or the purchase is closed, so no order slips in after.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coopere.validation import Errors
from exchange.models import Member
from exchange.services._common import check_active, check_can_act_for, field_error

from .models import DESCRIPTION_MAX, ITEM_MAX, SUPPLIER_MAX, GroupPurchase, Participation

MAX_QUANTITY = 9999
MAX_UNIT_COST_CENTS = 100_000_00  # 100 000 €: past that, a typo
MAX_AHEAD = timedelta(days=366)


def _whole_number(value) -> int | None:
    """An int from an int or a string of digits ("3", " 3 "); None for anything else
    ("1.5", "abc", True)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value if value is not None else "").strip()
    if text.lstrip("-").isdigit():
        return int(text)
    return None


def clean_quantity(value) -> int:
    quantity = _whole_number(value)
    if quantity is None or quantity < 1:
        raise field_error("quantity", _("The quantity must be a whole number, 1 or more."))
    if quantity > MAX_QUANTITY:
        raise field_error(
            "quantity",
            _("That is a lot: check the quantity (%(max)d at most).") % {"max": MAX_QUANTITY},
        )
    return quantity


def _clean_purchase(*, item, supplier, unit_cost_cents, minimum_quantity, deadline, description):
    errors = Errors()
    item = (item or "").strip()
    supplier = (supplier or "").strip()
    description = (description or "").strip()
    if not item:
        errors.add("item", _("Say what you are buying together."))
    elif len(item) > ITEM_MAX:
        errors.add("item", _("Keep it short (%(max)d characters at most).") % {"max": ITEM_MAX})
    if not supplier:
        errors.add("supplier", _("Name the supplier (a farm, a shop, a cooperative…)."))
    elif len(supplier) > SUPPLIER_MAX:
        errors["supplier"] = [
            _("Keep it short (%(max)d characters at most).") % {"max": SUPPLIER_MAX}
        ]
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = [
            _("The description is too long (%(max)d characters at most).")
            % {"max": DESCRIPTION_MAX}
        ]
    cost = _whole_number(unit_cost_cents)
    if cost is None:
        errors.add("unit_cost_cents", _("Give the unit cost in euros, for example 4,50."))
    elif cost <= 0:
        errors.add("unit_cost_cents", _("The unit cost must be more than 0 €."))
    elif cost > MAX_UNIT_COST_CENTS:
        errors.add("unit_cost_cents", _("This unit cost is very high: check the amount."))
    minimum = _whole_number(minimum_quantity)
    if minimum is None or minimum < 1:
        errors.add("minimum_quantity", _("The minimum quantity must be a whole number, 1 or more."))
    elif minimum > MAX_QUANTITY:
        errors["minimum_quantity"] = [
            _("That is a lot: check the quantity (%(max)d at most).") % {"max": MAX_QUANTITY}
        ]
    if not isinstance(deadline, datetime):
        errors.add("deadline", _("Give the date and time when orders close."))
    else:
        if timezone.is_naive(deadline):
            deadline = timezone.make_aware(deadline)
        now = timezone.now()
        if deadline <= now:
            errors.add("deadline", _("This deadline is already past: choose a date to come."))
        elif deadline > now + MAX_AHEAD:
            errors.add("deadline", _("This deadline is more than a year ahead: check the year."))
    errors.raise_if_any()
    return {
        "item": item,
        "supplier": supplier,
        "description": description,
        "unit_cost_cents": cost,
        "minimum_quantity": minimum,
        "deadline": deadline,
    }


def open_purchase(
    *,
    actor: Member,
    item: str,
    supplier: str,
    unit_cost_cents: int,
    deadline: datetime,
    minimum_quantity: int = 1,
    description: str = "",
) -> GroupPurchase:
    """Any member may organise a group purchase."""
    check_active(actor)
    fields = _clean_purchase(
        item=item,
        supplier=supplier,
        unit_cost_cents=unit_cost_cents,
        minimum_quantity=minimum_quantity,
        deadline=deadline,
        description=description,
    )
    with transaction.atomic():
        return GroupPurchase.objects.create(**fields, organiser=actor)


def check_can_manage(actor: Member, purchase: GroupPurchase) -> None:
    if actor.pk != purchase.organiser_id and not actor.is_animator:
        raise PermissionDenied(_("Only the organiser or the Groupe d'Animation can do this."))


def _check_takes_orders(purchase: GroupPurchase) -> None:
    if purchase.status == GroupPurchase.Status.CANCELLED:
        raise ValidationError(_("This group purchase is cancelled."))
    if purchase.status != GroupPurchase.Status.OPEN:
        raise ValidationError(_("This group purchase is closed: it no longer takes orders."))
    if purchase.deadline <= timezone.now():
        raise ValidationError(
            _("The deadline for orders has passed: this group purchase no longer takes orders.")
        )


def _locked(purchase: GroupPurchase) -> GroupPurchase:
    locked = GroupPurchase.objects.select_for_update().get(pk=purchase.pk)
    purchase.status, purchase.closed_at = locked.status, locked.closed_at
    return locked


def join_purchase(
    *, actor: Member, member: Member, purchase: GroupPurchase, quantity
) -> Participation:
    """`member` orders `quantity` (by themselves, or through their sponsor)."""
    added_by = check_can_act_for(actor, member)
    check_active(member)
    quantity = clean_quantity(quantity)
    _check_takes_orders(purchase)
    with transaction.atomic():
        _check_takes_orders(_locked(purchase))
        if Participation.objects.filter(purchase=purchase, member=member).exists():
            raise ValidationError(
                _("%(name)s has already ordered: change the quantity instead.")
                % {"name": member.display_name}
            )
        return Participation.objects.create(
            purchase=purchase, member=member, quantity=quantity, added_by=added_by
        )


def change_quantity(*, actor: Member, participation: Participation, quantity) -> Participation:
    added_by = check_can_act_for(actor, participation.member)
    quantity = clean_quantity(quantity)
    _check_takes_orders(participation.purchase)
    with transaction.atomic():
        _check_takes_orders(_locked(participation.purchase))
        participation.quantity = quantity
        participation.added_by = added_by
        participation.save(update_fields=["quantity", "added_by", "updated_at"])
    return participation


def place_order(*, actor: Member, member: Member, purchase: GroupPurchase, quantity):
    """The order form: a first order joins, a second one changes the quantity."""
    existing = Participation.objects.filter(purchase=purchase, member=member).first()
    if existing is None:
        return join_purchase(actor=actor, member=member, purchase=purchase, quantity=quantity)
    existing.purchase = purchase
    return change_quantity(actor=actor, participation=existing, quantity=quantity)


def leave_purchase(*, actor: Member, participation: Participation) -> None:
    check_can_act_for(actor, participation.member)
    _check_takes_orders(participation.purchase)
    with transaction.atomic():
        _check_takes_orders(_locked(participation.purchase))
        participation.delete()


def close_purchase(*, actor: Member, purchase: GroupPurchase) -> GroupPurchase:
    """Stop taking orders: the order goes to the supplier. Refused while fewer than the
    minimum quantity are ordered (wait for more orders, or cancel)."""
    check_can_manage(actor, purchase)
    with transaction.atomic():
        locked = _locked(purchase)
        if locked.status != GroupPurchase.Status.OPEN:
            raise ValidationError(_("Only an open group purchase can be closed."))
        total = locked.participations.aggregate(n=Sum("quantity"))["n"] or 0
        if total < locked.minimum_quantity:
            raise ValidationError(
                ngettext(
                    "Only %(total)d ordered out of the %(minimum)d needed: the order cannot be "
                    "closed yet. Wait for more orders until the deadline, or cancel the group "
                    "purchase.",
                    "Only %(total)d ordered out of the %(minimum)d needed: the order cannot be "
                    "closed yet. Wait for more orders until the deadline, or cancel the group "
                    "purchase.",
                    total,
                )
                % {"total": total, "minimum": locked.minimum_quantity}
            )
        purchase.status = GroupPurchase.Status.CLOSED
        purchase.closed_at = timezone.now()
        purchase.save(update_fields=["status", "closed_at"])
    return purchase


def cancel_purchase(*, actor: Member, purchase: GroupPurchase) -> GroupPurchase:
    """Nothing is bought (too few orders, supplier out of stock…). Nobody owes anything."""
    check_can_manage(actor, purchase)
    with transaction.atomic():
        if _locked(purchase).status == GroupPurchase.Status.CANCELLED:
            raise ValidationError(_("This group purchase is cancelled."))
        purchase.status = GroupPurchase.Status.CANCELLED
        purchase.closed_at = timezone.now()
        purchase.save(update_fields=["status", "closed_at"])
    return purchase
