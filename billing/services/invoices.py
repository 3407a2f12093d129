"""Manual invoices: gapless numbers per calendar year, totals in integer cents, payment.

French rule: invoice numbers follow one continuous sequence, with no gap. The year's
counter row is incremented by one upsert inside the transaction that writes the invoice:
the row stays locked until that transaction ends, so a concurrent issuer waits for it,
and a failure rolls the number back together with the invoice.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from billing.models import Invoice, InvoiceLine, InvoiceSequence, Subscription, vat_of
from billing.services import numbering
from coopere.accounts.models import User
from frontend.dates import long_date

NUMBER_PREFIX = "FA"


def format_number(year: int, sequence: int) -> str:
    return numbering.format_number(NUMBER_PREFIX, year, sequence)


def _take_next_number(year: int) -> int:
    """The year's next invoice number; inside the invoice's transaction (row lock)."""
    return numbering.take_next_number(InvoiceSequence, year)


def _line_description(subscription: Subscription, networks: list) -> str:
    names = ", ".join(n.name for n in networks)
    with translation.override("fr"):  # an invoice is a French legal document
        text = _("%(plan)s, from %(start)s to %(end)s — networks: %(networks)s") % {
            "plan": subscription.plan.name,
            "start": long_date(subscription.current_period_start),
            "end": long_date(subscription.current_period_end),
            "networks": names,
        }
    return text if len(text) <= 300 else text[:299] + "…"


def issue_invoice(
    *,
    subscription: Subscription,
    created_by: User | None = None,
    issued_on: datetime.date | None = None,
) -> Invoice:
    """Invoice a manual subscription: one line (plan × networks covered), VAT from the plan,
    the next number of the issue date's year, due in COOPERE_PAYMENT_DAYS days."""
    issued_on = issued_on or timezone.localdate()
    with transaction.atomic():
        # Locks the subscription: two clicks on "issue" cannot make two invoices.
        subscription = (
            Subscription.objects.select_for_update(of=("self",))
            .select_related("partner", "plan")
            .get(pk=subscription.pk)
        )
        networks = list(subscription.networks.order_by("name"))
        if subscription.source != Subscription.Source.MANUAL:
            raise ValidationError(_("Stripe subscriptions are invoiced by Stripe."))
        if subscription.status in (Subscription.Status.CANCELED, Subscription.Status.LAPSED):
            raise ValidationError(_("This subscription has ended: it can no longer be invoiced."))
        if subscription.invoices.exclude(status=Invoice.Status.VOID).exists():
            raise ValidationError(_("This subscription already has an invoice."))
        if not networks:
            raise ValidationError(_("This subscription covers no network."))
        plan, partner = subscription.plan, subscription.partner
        quantity = len(networks)
        excl_tax = quantity * plan.price_cents
        vat = vat_of(excl_tax, plan.vat_rate_bp)
        sequence = _take_next_number(issued_on.year)
        invoice = Invoice.objects.create(
            partner=partner,
            subscription=subscription,
            source=Invoice.Source.MANUAL,
            number=format_number(issued_on.year, sequence),
            year=issued_on.year,
            sequence=sequence,
            status=Invoice.Status.ISSUED,
            issued_on=issued_on,
            due_on=issued_on + datetime.timedelta(days=settings.COOPERE_PAYMENT_DAYS),
            purchase_order_ref=subscription.purchase_order_ref,
            buyer_name=partner.legal_name,
            buyer_address=partner.billing_address,
            buyer_siret=partner.siret,
            buyer_service_code=partner.public_service_code,
            total_excl_tax_cents=excl_tax,
            vat_cents=vat,
            total_cents=excl_tax + vat,
            created_by=created_by,
        )
        InvoiceLine.objects.create(
            invoice=invoice,
            description=_line_description(subscription, networks),
            quantity=quantity,
            unit_price_cents=plan.price_cents,
            vat_rate_bp=plan.vat_rate_bp,
            position=1,
        )
    return invoice


def mark_invoice_paid(*, invoice: Invoice, paid_on: datetime.date | None) -> Invoice:
    """Record the transfer's receipt; a pending subscription becomes active."""
    today = timezone.localdate()
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.status != Invoice.Status.ISSUED:
            raise ValidationError(_("Only an unpaid invoice can be marked as paid."))
        if paid_on is None:
            raise ValidationError({"paid_on": [_("Give the date the payment was received.")]})
        if paid_on > today:
            raise ValidationError({"paid_on": [_("The payment date cannot be in the future.")]})
        if paid_on < invoice.issued_on:
            raise ValidationError(
                {"paid_on": [_("The payment date cannot be before the invoice date.")]}
            )
        invoice.status = Invoice.Status.PAID
        invoice.paid_on = paid_on
        invoice.save(update_fields=["status", "paid_on"])
        if invoice.subscription_id:
            Subscription.objects.filter(
                pk=invoice.subscription_id,
                status__in=[Subscription.Status.PENDING, Subscription.Status.PAST_DUE],
            ).update(status=Subscription.Status.ACTIVE, updated_at=timezone.now())
    return invoice
