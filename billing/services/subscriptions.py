"""Plans, manual subscriptions (public bodies paying by invoice and transfer) and their
lapsing. Stripe subscriptions are written by the Stripe webhooks, not here.

Residents' access never reads any of this: a lapsed subscription only changes what the
partner's portal shows.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.models import Partner, Plan, Subscription
from tenants.models import Network

# --- Plans ------------------------------------------------------------------------------


def _clean_plan(
    *,
    plan: Plan | None,
    code: str,
    name: str,
    description: str,
    price_cents: int | None,
    vat_rate_bp: int | None,
    period_months: int | None,
    is_active: bool,
    stripe_price_id: str = "",
) -> dict:
    errors: dict[str, list] = {}
    stripe_price_id = (stripe_price_id or "").strip()
    if stripe_price_id and not re.fullmatch(r"price_[A-Za-z0-9]+", stripe_price_id):
        errors["stripe_price_id"] = [
            _("A Stripe price identifier starts with price_, for example price_1Q2w3E.")
        ]
    code, name = (code or "").strip(), (name or "").strip()
    if not code:
        errors["code"] = [_("Write a short code (letters, digits and hyphens).")]
    else:
        taken = Plan.objects.filter(code=code)
        if plan is not None:
            taken = taken.exclude(pk=plan.pk)
        if taken.exists():
            errors["code"] = [_("Another plan already uses this code.")]
    if not name:
        errors["name"] = [_("Write the plan's name.")]
    if price_cents is None or price_cents < 0:
        errors["price_cents"] = [_("Write a price in euros, for example 1 200,00.")]
    if vat_rate_bp is None or not 0 <= vat_rate_bp <= 10000:
        errors["vat_rate_bp"] = [_("Write a VAT rate between 0 and 100 %.")]
    if period_months is None or not 1 <= period_months <= 36:
        errors["period_months"] = [_("Write a period between 1 and 36 months.")]
    if errors:
        raise ValidationError(errors)
    return {
        "code": code,
        "name": name,
        "description": (description or "").strip(),
        "price_cents": price_cents,
        "vat_rate_bp": vat_rate_bp,
        "period_months": period_months,
        "is_active": bool(is_active),
        "stripe_price_id": stripe_price_id,
    }


def create_plan(
    *,
    code: str,
    name: str,
    price_cents: int | None,
    vat_rate_bp: int | None = 2000,
    period_months: int | None = 12,
    description: str = "",
    is_active: bool = True,
    stripe_price_id: str = "",
) -> Plan:
    fields = _clean_plan(
        plan=None,
        code=code,
        name=name,
        description=description,
        price_cents=price_cents,
        vat_rate_bp=vat_rate_bp,
        period_months=period_months,
        is_active=is_active,
        stripe_price_id=stripe_price_id,
    )
    with transaction.atomic():
        return Plan.objects.create(**fields)


def update_plan(
    *,
    plan: Plan,
    code: str,
    name: str,
    price_cents: int | None,
    vat_rate_bp: int | None,
    period_months: int | None,
    description: str = "",
    is_active: bool = True,
    stripe_price_id: str = "",
) -> Plan:
    """Issued invoices keep their own copy of the price: changing a plan changes only
    what is invoiced from now on."""
    fields = _clean_plan(
        plan=plan,
        code=code,
        name=name,
        description=description,
        price_cents=price_cents,
        vat_rate_bp=vat_rate_bp,
        period_months=period_months,
        is_active=is_active,
        stripe_price_id=stripe_price_id,
    )
    with transaction.atomic():
        for field, value in fields.items():
            setattr(plan, field, value)
        plan.save(update_fields=[*fields])
    return plan


# --- Manual subscriptions -----------------------------------------------------------------


def _as_plan(plan) -> Plan | None:
    if isinstance(plan, Plan):
        return plan
    if plan in (None, ""):
        return None
    try:
        return Plan.objects.filter(pk=int(plan)).first()
    except (TypeError, ValueError):
        return None


def create_manual_subscription(
    *,
    partner: Partner,
    plan,
    networks,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    purchase_order_ref: str = "",
) -> Subscription:
    """A subscription paid by invoice and transfer: pending until its invoice is paid.
    `plan` is a Plan or its id; `networks` are Networks or their ids (live ones only)."""
    errors: dict[str, list] = {}
    plan = _as_plan(plan)
    if plan is None or not plan.is_active:
        errors["plan"] = [_("Choose one of the plans offered.")]
    network_ids = {n.pk if isinstance(n, Network) else n for n in (networks or [])}
    try:
        network_ids = {int(pk) for pk in network_ids}
    except (TypeError, ValueError):
        network_ids = {0}
    live = list(Network.objects.filter(pk__in=network_ids, state=Network.State.LIVE))
    if not network_ids:
        errors["networks"] = [_("Choose at least one network.")]
    elif len(live) != len(network_ids):
        errors["networks"] = [_("Choose only among the open networks.")]
    if period_start is None:
        errors["current_period_start"] = [_("Give the first day of the period.")]
    if period_end is None:
        errors["current_period_end"] = [_("Give the last day of the period.")]
    elif period_start is not None and period_end <= period_start:
        errors["current_period_end"] = [_("The period must end after it starts.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        subscription = Subscription.objects.create(
            partner=partner,
            plan=plan,
            source=Subscription.Source.MANUAL,
            status=Subscription.Status.PENDING,
            current_period_start=period_start,
            current_period_end=period_end,
            purchase_order_ref=(purchase_order_ref or "").strip(),
        )
        subscription.networks.set(live)
    return subscription


def lapse_subscriptions(*, today: datetime.date | None = None) -> int:
    """Mark manual subscriptions whose period has ended as lapsed; returns how many.
    Stripe subscriptions follow Stripe's own events. Safe to run twice."""
    today = today or timezone.localdate()
    with transaction.atomic():
        return Subscription.objects.filter(
            source=Subscription.Source.MANUAL,
            status__in=[
                Subscription.Status.PENDING,
                Subscription.Status.ACTIVE,
                Subscription.Status.PAST_DUE,
            ],
            current_period_end__lt=today,
        ).update(status=Subscription.Status.LAPSED, updated_at=timezone.now())
