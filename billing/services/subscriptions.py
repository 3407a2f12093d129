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

from billing.models import Invoice, Partner, Plan, Subscription, SubscriptionEvent
from coopere.validation import Errors
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
    errors = Errors()
    stripe_price_id = (stripe_price_id or "").strip()
    if stripe_price_id and not re.fullmatch(r"price_[A-Za-z0-9]+", stripe_price_id):
        errors["stripe_price_id"] = [
            _("A Stripe price identifier starts with price_, for example price_1Q2w3E.")
        ]
    code, name = (code or "").strip(), (name or "").strip()
    if not code:
        errors.add("code", _("Write a short code (letters, digits and hyphens)."))
    else:
        taken = Plan.objects.filter(code=code)
        if plan is not None:
            taken = taken.exclude(pk=plan.pk)
        if taken.exists():
            errors.add("code", _("Another plan already uses this code."))
    if not name:
        errors.add("name", _("Write the plan's name."))
    if price_cents is None or price_cents < 0:
        errors.add("price_cents", _("Write a price in euros, for example 1 200,00."))
    if vat_rate_bp is None or not 0 <= vat_rate_bp <= 10000:
        errors.add("vat_rate_bp", _("Write a VAT rate between 0 and 100 %."))
    if period_months is None or not 1 <= period_months <= 36:
        errors.add("period_months", _("Write a period between 1 and 36 months."))
    errors.raise_if_any()
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


def _check_fields(*, plan, networks, period_start, period_end, offered_only=True):
    errors = Errors()
    plan = _as_plan(plan)
    if plan is None or (offered_only and not plan.is_active):
        errors.add("plan", _("Choose one of the plans offered."))
    network_ids = {n.pk if isinstance(n, Network) else n for n in (networks or [])}
    try:
        network_ids = {int(pk) for pk in network_ids}
    except (TypeError, ValueError):
        network_ids = {0}
    live = list(Network.objects.filter(pk__in=network_ids, state=Network.State.LIVE))
    if not network_ids:
        errors.add("networks", _("Choose at least one network."))
    elif len(live) != len(network_ids):
        errors.add("networks", _("Choose only among the open networks."))
    if period_start is None:
        errors.add("current_period_start", _("Give the first day of the period."))
    if period_end is None:
        errors.add("current_period_end", _("Give the last day of the period."))
    elif period_start is not None and period_end <= period_start:
        errors.add("current_period_end", _("The period must end after it starts."))
    return plan, live, errors


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
    plan, live, errors = _check_fields(
        plan=plan, networks=networks, period_start=period_start, period_end=period_end
    )
    errors.raise_if_any()
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


RUNNING = (Subscription.Status.PENDING, Subscription.Status.ACTIVE, Subscription.Status.PAST_DUE)


def _editable(subscription: Subscription) -> Subscription:
    """The subscription, locked, if an operator may still change it."""
    subscription = (
        Subscription.objects.select_for_update(of=("self",))
        .select_related("plan")
        .get(pk=subscription.pk)
    )
    if subscription.source != Subscription.Source.MANUAL:
        raise ValidationError(_("A Stripe subscription is changed by the partner in Stripe."))
    if subscription.status not in RUNNING:
        raise ValidationError(_("This subscription has ended: it can no longer be changed."))
    return subscription


def _day(day) -> str:
    from django.utils.formats import date_format

    return date_format(day, "j F Y") if day else "—"


def update_manual_subscription(
    *,
    subscription: Subscription,
    plan,
    networks,
    period_start: datetime.date | None,
    period_end: datetime.date | None,
    purchase_order_ref: str = "",
    by,
) -> Subscription:
    """Change a running manual subscription; the change is kept in its history. Its plan,
    networks and period are frozen once an invoice is issued (cancel the invoice with a
    credit note first); the purchase order reference can always be corrected."""
    with transaction.atomic():
        subscription = _editable(subscription)
        plan, live, errors = _check_fields(
            plan=plan,
            networks=networks,
            period_start=period_start,
            period_end=period_end,
            offered_only=False,
        )
        errors.raise_if_any()
        before_networks = sorted(n.name for n in subscription.networks.all())
        after_networks = sorted(n.name for n in live)
        changes = []
        if plan.pk != subscription.plan_id:
            changes.append(
                _("plan: %(old)s → %(new)s") % {"old": subscription.plan.name, "new": plan.name}
            )
        if before_networks != after_networks:
            changes.append(
                _("networks: %(old)s → %(new)s")
                % {"old": ", ".join(before_networks), "new": ", ".join(after_networks)}
            )
        if (period_start, period_end) != (
            subscription.current_period_start,
            subscription.current_period_end,
        ):
            changes.append(
                _("period: %(old)s → %(new)s")
                % {
                    "old": f"{_day(subscription.current_period_start)} – "
                    f"{_day(subscription.current_period_end)}",
                    "new": f"{_day(period_start)} – {_day(period_end)}",
                }
            )
        invoiced = subscription.invoices.exclude(status=Invoice.Status.VOID).exists()
        if changes and invoiced:
            raise ValidationError(
                _(
                    "This subscription is invoiced: cancel its invoice with a credit note "
                    "before changing its plan, networks or period."
                )
            )
        ref = (purchase_order_ref or "").strip()
        if ref != subscription.purchase_order_ref:
            changes.append(
                _("purchase order: %(old)s → %(new)s")
                % {"old": subscription.purchase_order_ref or "—", "new": ref or "—"}
            )
        if not changes:
            return subscription
        subscription.plan = plan
        subscription.current_period_start = period_start
        subscription.current_period_end = period_end
        subscription.purchase_order_ref = ref
        subscription.save()
        subscription.networks.set(live)
        SubscriptionEvent.objects.create(
            subscription=subscription,
            action=SubscriptionEvent.Action.EDITED,
            summary="; ".join(changes),
            at=timezone.now(),
            by=by,
        )
    return subscription


def cancel_manual_subscription(
    *, subscription: Subscription, ended_on: datetime.date | None, reason: str = "", by
) -> Subscription:
    """End a running manual subscription on `ended_on` (its last day covered, not in the
    future, not before its period starts); kept with its history, never deleted."""
    reason = (reason or "").strip()
    with transaction.atomic():
        subscription = _editable(subscription)
        errors = Errors()
        if ended_on is None:
            errors.add("ended_on", _("Give the last day the subscription covers."))
        elif ended_on > timezone.localdate():
            errors.add("ended_on", _("The end date cannot be in the future."))
        elif subscription.current_period_start and ended_on < subscription.current_period_start:
            errors.add("ended_on", _("The end date cannot be before the period starts."))
        if not reason:
            errors.add("reason", _("Write why the subscription is cancelled."))
        errors.raise_if_any()
        subscription.status = Subscription.Status.CANCELED
        subscription.ended_on = ended_on
        subscription.save(update_fields=["status", "ended_on", "updated_at"])
        SubscriptionEvent.objects.create(
            subscription=subscription,
            action=SubscriptionEvent.Action.CANCELED,
            summary=_("ends on %(date)s: %(reason)s") % {"date": _day(ended_on), "reason": reason},
            at=timezone.now(),
            by=by,
        )
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
