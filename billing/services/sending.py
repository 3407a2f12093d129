"""Invoices emailed to the partner's billing contacts with their Factur-X PDF, the
reminders of unpaid ones (due date + 15 and + 30 days) with the late-payment charges, and
the credit note (avoir) that cancels an invoice, with its own Factur-X PDF.

Every email is an `InvoiceMessage` row, written in the same transaction as the send
(CONVENTIONS: the marker and the send together): a task run twice finds the row sent and
sends nothing; a failed send writes nothing, so Celery's retry sends it.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from billing import selectors
from billing.documents import credit_note_pdf_bytes, invoice_pdf_bytes
from billing.late_payment import late_charges
from billing.models import CreditNote, Invoice, InvoiceMessage, Partner
from coopere.accounts.models import User

log = logging.getLogger("coopere.billing")
REMINDER_KINDS = (InvoiceMessage.Kind.REMINDER_1, InvoiceMessage.Kind.REMINDER_2)


def billing_recipients(partner: Partner) -> list[str]:
    return sorted({c.email for c in partner.contacts.all() if c.receives_invoices and c.email})


def send_invoice(*, invoice: Invoice, by: User) -> InvoiceMessage:
    """An operator sends the invoice: the email goes out from a task (queued on commit)
    to the partner's billing contacts, with the Factur-X PDF attached."""

    def check(invoice):
        if invoice.source != Invoice.Source.MANUAL:
            raise ValidationError(_("Stripe sends the invoices it issues."))
        if invoice.status == Invoice.Status.VOID:
            raise ValidationError(_("A cancelled invoice is not sent."))

    return _request(invoice.pk, InvoiceMessage.Kind.INVOICE, by, check)


def send_credit_note(*, note: CreditNote, by: User) -> InvoiceMessage:
    """An operator sends the credit note: the email goes out from a task (queued on commit)
    to the partner's billing contacts, with the credit note's Factur-X PDF attached. Logged
    on the invoice it cancels, beside the invoice's own emails."""
    return _request(note.invoice_id, InvoiceMessage.Kind.CREDIT_NOTE, by)


def _request(invoice_id: int, kind: str, by: User, check=None) -> InvoiceMessage:
    """The row an operator's click writes (the invoice locked), and its task queued."""
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().select_related("partner").get(pk=invoice_id)
        if check:
            check(invoice)
        if not billing_recipients(invoice.partner):
            raise ValidationError(
                _(
                    "No contact of this partner receives invoices: add one (with an email "
                    "address) on the partner's page."
                )
            )
        message = InvoiceMessage.objects.create(
            invoice=invoice, kind=kind, requested_at=timezone.now(), requested_by=by
        )
        from billing import tasks

        task = (
            tasks.send_credit_note_email
            if kind == InvoiceMessage.Kind.CREDIT_NOTE
            else tasks.send_invoice_email
        )
        transaction.on_commit(lambda: task.delay(message.pk))
    return message


def _email(
    invoice: Invoice,
    recipients: list[str],
    template: str,
    subject: str,
    context,
    attachment: tuple[str, bytes] | None = None,
):
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            template,
            {"invoice": invoice, "seller": selectors.seller(), **contact(), **context},
        )
    email = EmailMessage(subject, body, None, recipients, reply_to=[settings.COOPERE_CONTACT_EMAIL])
    name, pdf = attachment or (f"{invoice.number}.pdf", invoice_pdf_bytes(invoice))
    email.attach(name, pdf, "application/pdf")
    email.send()


def contact() -> dict:
    return {
        "contact_email": settings.COOPERE_CONTACT_EMAIL,
        "contact_phone": settings.COOPERE_CONTACT_PHONE,
    }


def send_invoice_email(*, message_id: int) -> bool:
    """Email one requested invoice, once (see the module's docstring)."""

    def email(message):
        invoice = selectors.invoice_for_document(message.invoice_id)
        recipients = billing_recipients(invoice.partner)
        if invoice.status == Invoice.Status.VOID or not recipients:
            return None
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Invoice %(number)s from %(seller)s") % {
                "number": invoice.number,
                "seller": settings.COOPERE_LEGAL_NAME,
            }
        _email(invoice, recipients, "billing/email/invoice.txt", subject, {})
        return invoice.number, recipients

    return _send_once(message_id, InvoiceMessage.Kind.INVOICE, email)


def send_credit_note_email(*, message_id: int) -> bool:
    """Email one requested credit note, once (see the module's docstring)."""

    def email(message):
        note = selectors.credit_note_for_document(
            CreditNote.objects.values_list("pk", flat=True).get(invoice_id=message.invoice_id)
        )
        recipients = billing_recipients(note.partner)
        if not recipients:
            return None
        with translation.override(settings.LANGUAGE_CODE):
            subject = _(
                "Credit note %(number)s from %(seller)s, cancelling invoice %(invoice)s"
            ) % {
                "number": note.number,
                "seller": settings.COOPERE_LEGAL_NAME,
                "invoice": note.invoice.number,
            }
        _email(
            note.invoice,
            recipients,
            "billing/email/credit_note.txt",
            subject,
            {"note": note},
            attachment=(f"{note.number}.pdf", credit_note_pdf_bytes(note)),
        )
        return note.number, recipients

    return _send_once(message_id, InvoiceMessage.Kind.CREDIT_NOTE, email)


def _send_once(message_id: int, kind: str, email) -> bool:
    """Lock the requested row; if not sent yet, `email(message)` sends (returning the
    document's number and its recipients, or None when there is nothing to send) and the
    row is marked sent in the same transaction."""
    with transaction.atomic():
        message = (
            InvoiceMessage.objects.select_for_update(of=("self",))
            .filter(pk=message_id, sent_at=None, kind=kind)
            .first()
        )
        if message is None:
            return False
        sent = email(message)
        if sent is None:
            return False
        number, recipients = sent
        message.sent_at = timezone.now()
        message.recipients = ", ".join(recipients)
        message.save(update_fields=["sent_at", "recipients"])
    log.info(
        "%s emailed to %s (asked by user %s)", number, message.recipients, message.requested_by_id
    )
    return True


def reminders_due(today: datetime.date) -> list[tuple[int, str]]:
    """(invoice id, kind) of every reminder due today and not yet sent: the first once the
    invoice is COOPERE_REMINDER_DAYS[0] days late, the second once it is [1] days late
    and the first went out."""
    first_days, second_days = settings.COOPERE_REMINDER_DAYS
    unpaid = Invoice.objects.filter(
        source=Invoice.Source.MANUAL, status=Invoice.Status.ISSUED, due_on__isnull=False
    )
    first = unpaid.filter(due_on__lte=today - datetime.timedelta(days=first_days)).exclude(
        messages__kind=InvoiceMessage.Kind.REMINDER_1
    )
    second = (
        unpaid.filter(due_on__lte=today - datetime.timedelta(days=second_days))
        .filter(messages__kind=InvoiceMessage.Kind.REMINDER_1)
        .exclude(messages__kind=InvoiceMessage.Kind.REMINDER_2)
    )
    return [(pk, InvoiceMessage.Kind.REMINDER_1) for pk in first.values_list("pk", flat=True)] + [
        (pk, InvoiceMessage.Kind.REMINDER_2) for pk in second.values_list("pk", flat=True)
    ]


def send_invoice_reminder(*, invoice_id: int, kind: str, today: datetime.date | None = None):
    """Email one reminder of an unpaid invoice, once: the invoice is locked, the reminder's
    row written in the transaction of the send. Returns the row, or None (paid meanwhile,
    already reminded, nobody to write to)."""
    if kind not in REMINDER_KINDS:
        raise ValueError(kind)
    today = today or timezone.localdate()
    days = settings.COOPERE_REMINDER_DAYS[REMINDER_KINDS.index(kind)]
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().filter(pk=invoice_id).first()
        if (
            locked is None
            or locked.status != Invoice.Status.ISSUED
            or locked.due_on is None
            or (today - locked.due_on).days < days
            or locked.messages.filter(kind=kind).exists()
        ):
            return None
        invoice = selectors.invoice_for_document(invoice_id)
        recipients = billing_recipients(invoice.partner)
        if not recipients:
            return None
        charges = late_charges(
            amount_cents=invoice.total_cents,
            due_on=invoice.due_on,
            on=today,
            public_buyer=invoice.partner.is_public_buyer,
        )
        with translation.override(settings.LANGUAGE_CODE):
            subject = (
                _("Reminder: invoice %(number)s is unpaid")
                if kind == InvoiceMessage.Kind.REMINDER_1
                else _("Second reminder: invoice %(number)s is still unpaid")
            ) % {"number": invoice.number}
        _email(
            invoice,
            recipients,
            "billing/email/reminder.txt",
            subject,
            {"charges": charges, "second": kind == InvoiceMessage.Kind.REMINDER_2},
        )
        now = timezone.now()
        log.info("Reminder %s of invoice %s emailed to %s", kind, invoice.number, recipients)
        return InvoiceMessage.objects.create(
            invoice=invoice,
            kind=kind,
            requested_at=now,
            sent_at=now,
            recipients=", ".join(recipients),
            days_late=charges.days_late,
            interest_rate_bp=charges.rate_bp,
            interest_cents=charges.interest_cents,
            indemnity_cents=charges.indemnity_cents,
        )
