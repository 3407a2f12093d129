"""What Stripe tells us, written into our tables: webhooks and the invoices list.

`receive_event` is the whole webhook: the signature is checked on the raw body, the event is
stored once by its id (a replay finds the row and does nothing) and applied in the same
transaction — if applying fails, nothing is stored and Stripe sends it again.

Events may arrive out of order. Each subscription remembers the time of the newest event
applied (`Subscription.stripe_state_at`): an older event may still link identifiers, never
change the status or the period. Two events of the same second that disagree are settled
by reading the subscription from Stripe again.
"""

import datetime
import json
import logging

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from billing import gateway
from billing.models import Invoice, Partner, StripeEvent, Subscription

log = logging.getLogger("coopere.billing")

# Stripe's signature tolerance: a signed payload older than this is refused (replay attack).
SIGNATURE_TOLERANCE = 300

STATUS_MAP = {
    "active": Subscription.Status.ACTIVE,
    "trialing": Subscription.Status.ACTIVE,
    "past_due": Subscription.Status.PAST_DUE,
    "unpaid": Subscription.Status.PAST_DUE,
    "canceled": Subscription.Status.CANCELED,
    "incomplete_expired": Subscription.Status.CANCELED,
    "incomplete": Subscription.Status.PENDING,
    # A paused subscription has no payment method: not covered, like one awaiting payment.
    "paused": Subscription.Status.PENDING,
}


class BadSignature(Exception):
    """The request is not a genuine Stripe event: answer 400, store nothing."""


def verify_event(*, payload: bytes, signature: str) -> dict:
    """The event as a dict, if `signature` (the Stripe-Signature header) matches `payload`
    under our webhook secret; raises BadSignature otherwise."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        log.error("STRIPE_WEBHOOK_SECRET is not set: webhook refused")
        raise BadSignature("no webhook secret configured")
    try:
        stripe.WebhookSignature.verify_header(
            payload, signature, secret, tolerance=SIGNATURE_TOLERANCE
        )
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as error:
        raise BadSignature(str(error)) from error
    if not isinstance(event, dict) or not event.get("id") or not event.get("type"):
        raise BadSignature("not an event")
    return event


def receive_event(*, payload: bytes, signature: str, client=None) -> tuple[StripeEvent, bool]:
    """Verify, store once and apply a webhook event. Returns (stored event, new?)."""
    event = verify_event(payload=payload, signature=signature)
    created = _from_timestamp(event.get("created")) or timezone.now()
    try:
        with transaction.atomic():
            stored, is_new = StripeEvent.objects.get_or_create(
                event_id=event["id"],
                defaults={"type": event["type"], "created": created, "payload": event},
            )
            if not is_new:
                return stored, False
            handler = HANDLERS.get(event["type"])
            if handler is not None:
                obj = (event.get("data") or {}).get("object") or {}
                handler(obj, created, client=client)
            stored.processed_at = timezone.now()
            stored.save(update_fields=["processed_at"])
    except IntegrityError:
        # The same event delivered twice at the same moment: the other delivery stored it.
        return StripeEvent.objects.get(event_id=event["id"]), False
    return stored, True


# --- Helpers --------------------------------------------------------------------------


def _from_timestamp(value) -> datetime.datetime | None:
    if not value:
        return None
    return datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)


def _local_date(value) -> datetime.date | None:
    moment = _from_timestamp(value)
    return timezone.localdate(moment) if moment else None


def _id(value) -> str | None:
    """An expandable field: an id, or the expanded object holding it."""
    if isinstance(value, dict):
        return value.get("id")
    return value or None


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _find_subscription(*, stripe_id=None, metadata=None) -> Subscription | None:
    """Our row for a Stripe subscription: by its id, else by the id we put in metadata
    (events may come before checkout.session.completed linked the two). Locked."""
    rows = Subscription.objects.select_for_update()
    if stripe_id:
        found = rows.filter(stripe_subscription_id=stripe_id).first()
        if found:
            return found
    local_id = _int((metadata or {}).get("coopere_subscription_id"))
    if local_id is None:
        return None
    found = rows.filter(pk=local_id, source=Subscription.Source.STRIPE).first()
    if found is None:
        return None
    partner_id = _int((metadata or {}).get("coopere_partner_id"))
    if partner_id is not None and partner_id != found.partner_id:
        log.warning("Stripe metadata names subscription %s of another partner", local_id)
        return None
    if stripe_id and found.stripe_subscription_id not in (None, stripe_id):
        return None  # already linked to another Stripe subscription
    return found


def _link(sub: Subscription, *, stripe_id=None, customer_id=None) -> list[str]:
    """Identifiers never go stale: link them whatever the event's age."""
    changed = []
    if stripe_id and not sub.stripe_subscription_id:
        sub.stripe_subscription_id = stripe_id
        changed.append("stripe_subscription_id")
    if customer_id and not sub.partner.stripe_customer_id:
        Partner.objects.filter(pk=sub.partner_id).update(stripe_customer_id=customer_id)
    return changed


def _is_older(sub: Subscription, at: datetime.datetime) -> bool:
    return sub.stripe_state_at is not None and at < sub.stripe_state_at


def _period(obj: dict) -> tuple[datetime.date | None, datetime.date | None]:
    """Since API 2025-03-31 the period sits on the subscription's items; before, on it."""
    items = ((obj.get("items") or {}).get("data")) or []
    source = items[0] if items and items[0].get("current_period_end") else obj
    return (
        _local_date(source.get("current_period_start")),
        _local_date(source.get("current_period_end")),
    )


def _apply_state(sub: Subscription, obj: dict, at: datetime.datetime) -> list[str]:
    status = STATUS_MAP.get(obj.get("status"))
    changed = []
    if status and sub.status != status:
        sub.status = status
        changed.append("status")
    start, end = _period(obj)
    if start and end:
        sub.current_period_start, sub.current_period_end = start, end
        changed += ["current_period_start", "current_period_end"]
    sub.stripe_state_at = at
    return [*changed, "stripe_state_at"]


def _save(sub: Subscription, fields: list[str]) -> None:
    if fields:
        sub.save(update_fields=sorted({*fields, "updated_at"}))


# --- Handlers ---------------------------------------------------------------------------


def on_checkout_completed(session: dict, at, *, client=None) -> None:
    metadata = dict(session.get("metadata") or {})
    metadata.setdefault("coopere_subscription_id", session.get("client_reference_id"))
    sub = Subscription.objects.select_for_update().filter(
        stripe_checkout_session_id=session.get("id")
    ).first() or _find_subscription(stripe_id=_id(session.get("subscription")), metadata=metadata)
    if sub is None:
        log.warning("Checkout session %s is for no subscription of ours", session.get("id"))
        return
    # Left Checkout, then went back and paid: the row closed on return comes back to life.
    reopened = sub.status == Subscription.Status.CANCELED and not sub.stripe_subscription_id
    fields = _link(
        sub, stripe_id=_id(session.get("subscription")), customer_id=_id(session.get("customer"))
    )
    paid = session.get("payment_status") in ("paid", "no_payment_required")
    waiting = sub.status == Subscription.Status.PENDING or reopened
    if paid and waiting and not _is_older(sub, at):
        sub.status = Subscription.Status.ACTIVE
        sub.stripe_state_at = at
        fields += ["status", "stripe_state_at"]
    _save(sub, fields)


def on_async_payment_succeeded(session: dict, at, *, client=None) -> None:
    """SEPA debit: the first payment clears days after the session completed."""
    on_checkout_completed({**session, "payment_status": "paid"}, at, client=client)


def on_checkout_expired(session: dict, at, *, client=None) -> None:
    """The partner never paid: the pending subscription is closed (it covered nothing)."""
    sub = (
        Subscription.objects.select_for_update()
        .filter(stripe_checkout_session_id=session.get("id"), status=Subscription.Status.PENDING)
        .first()
    )
    if sub is not None and not sub.stripe_subscription_id:
        sub.status = Subscription.Status.CANCELED
        sub.stripe_state_at = at
        _save(sub, ["status", "stripe_state_at"])


def on_subscription_changed(obj: dict, at, *, client=None) -> None:
    stripe_id = obj.get("id")
    sub = _find_subscription(stripe_id=stripe_id, metadata=obj.get("metadata"))
    if sub is None:
        log.info("Stripe subscription %s is not one of ours", stripe_id)
        return
    fields = _link(sub, stripe_id=stripe_id, customer_id=_id(obj.get("customer")))
    if _is_older(sub, at):
        _save(sub, fields)  # an older event: it links, it does not change the state
        return
    if sub.stripe_state_at == at and STATUS_MAP.get(obj.get("status"), sub.status) != sub.status:
        # Same second, different story: ask Stripe what holds now.
        client = client or gateway.make_client()
        obj = gateway.retrieve_subscription(client, stripe_id).to_dict()
    _save(sub, fields + _apply_state(sub, obj, at))


def _invoice_subscription(invoice: dict) -> tuple[str | None, dict]:
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    stripe_id = _id(details.get("subscription")) or _id(invoice.get("subscription"))
    metadata = details.get("metadata") or invoice.get("subscription_details", {}).get("metadata")
    return stripe_id, metadata or {}


def upsert_invoice(invoice: dict, *, paid: bool | None = None) -> Invoice | None:
    """Our copy of a Stripe invoice (number, totals, hosted page, status). Returns None
    for an invoice of a customer that is none of our partners'."""
    stripe_sub_id, metadata = _invoice_subscription(invoice)
    sub = _find_subscription(stripe_id=stripe_sub_id, metadata=metadata)
    customer_id = _id(invoice.get("customer"))
    partner = (
        sub.partner
        if sub
        else Partner.objects.filter(stripe_customer_id=customer_id).first()
        if customer_id
        else None
    )
    if partner is None:
        log.warning("Stripe invoice %s for no partner of ours", invoice.get("id"))
        return None
    if paid is None:
        paid = invoice.get("status") == "paid"
    total = int(invoice.get("total") or 0)
    taxes = invoice.get("total_taxes")
    if taxes is not None:
        vat = sum(int(t.get("amount") or 0) for t in taxes)
    elif invoice.get("tax") is not None:
        vat = int(invoice["tax"])
    else:
        vat = total - int(invoice.get("total_excluding_tax") or total)
    transitions = invoice.get("status_transitions") or {}
    values = {
        "partner": partner,
        "subscription": sub,
        "source": Invoice.Source.STRIPE,
        "number": invoice.get("number") or invoice["id"],
        "issued_on": _local_date(transitions.get("finalized_at") or invoice.get("created"))
        or timezone.localdate(),
        "due_on": _local_date(invoice.get("due_date")),
        "total_cents": max(total, 0),
        "vat_cents": max(vat, 0),
        "total_excl_tax_cents": max(total - vat, 0),
        "hosted_invoice_url": invoice.get("hosted_invoice_url") or "",
    }
    existing = Invoice.objects.select_for_update().filter(stripe_invoice_id=invoice["id"]).first()
    if paid:
        values["status"] = Invoice.Status.PAID
        values["paid_on"] = _local_date(transitions.get("paid_at")) or timezone.localdate()
    elif existing is None or existing.status != Invoice.Status.PAID:
        # A paid invoice never goes back to unpaid: a late failure notice is an old one.
        values["status"] = (
            Invoice.Status.VOID if invoice.get("status") == "void" else Invoice.Status.ISSUED
        )
    if existing is None:
        return Invoice.objects.create(stripe_invoice_id=invoice["id"], **values)
    for name, value in values.items():
        setattr(existing, name, value)
    existing.save()
    return existing


def on_invoice_paid(invoice: dict, at, *, client=None) -> None:
    recorded = upsert_invoice(invoice, paid=True)
    sub = recorded.subscription if recorded else None
    if sub is None:
        return
    fields = _link(sub, stripe_id=_invoice_subscription(invoice)[0])
    # Paid: the subscription runs (the subscription.updated event that follows says so too).
    if not _is_older(sub, at) and sub.status in (
        Subscription.Status.PENDING,
        Subscription.Status.PAST_DUE,
    ):
        sub.status = Subscription.Status.ACTIVE
        sub.stripe_state_at = at
        fields += ["status", "stripe_state_at"]
    _save(sub, fields)


def on_invoice_payment_failed(invoice: dict, at, *, client=None) -> None:
    recorded = upsert_invoice(invoice, paid=False)
    sub = recorded.subscription if recorded else None
    if sub is None or _is_older(sub, at):
        return
    # A first payment that fails leaves the subscription pending (it never covered anything).
    if sub.status == Subscription.Status.ACTIVE:
        sub.status = Subscription.Status.PAST_DUE
        sub.stripe_state_at = at
        _save(sub, ["status", "stripe_state_at"])


HANDLERS = {
    "checkout.session.completed": on_checkout_completed,
    "checkout.session.async_payment_succeeded": on_async_payment_succeeded,
    "checkout.session.expired": on_checkout_expired,
    "customer.subscription.created": on_subscription_changed,
    "customer.subscription.updated": on_subscription_changed,
    "customer.subscription.deleted": on_subscription_changed,
    "invoice.paid": on_invoice_paid,
    "invoice.payment_failed": on_invoice_payment_failed,
}


def sync_invoices(*, partner, client=None) -> int:
    """Copy the partner's Stripe invoices (newest 50) into ours; returns how many."""
    if not partner.stripe_customer_id:
        return 0
    client = client or gateway.make_client()
    invoices = gateway.list_invoices(client, customer_id=partner.stripe_customer_id)
    count = 0
    with transaction.atomic():
        for invoice in invoices:
            data = invoice.to_dict() if hasattr(invoice, "to_dict") else dict(invoice)
            if data.get("status") in ("draft", None):
                continue  # no number yet: not an invoice in the legal sense
            if upsert_invoice(data) is not None:
                count += 1
    return count
