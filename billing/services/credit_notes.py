"""Credit notes (avoirs): cancelling a manual invoice in full.

French rule: an issued invoice is never deleted or edited; it is cancelled by a credit note
with its own continuous numbering (AV-2026-0001), taken from a locked yearly counter in the
credit note's own transaction, exactly like invoice numbers: no gap, no duplicate, a failure
rolls the number back.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from billing.models import CreditNote, CreditNoteSequence, Invoice
from billing.services import numbering
from coopere.accounts.models import User
from coopere.validation import Errors

NUMBER_PREFIX = "AV"


def format_number(year: int, sequence: int) -> str:
    return numbering.format_number(NUMBER_PREFIX, year, sequence)


def _take_next_number(year: int) -> int:
    """The year's next credit note number; inside the credit note's transaction (row lock)."""
    return numbering.take_next_number(CreditNoteSequence, year)


def issue_credit_note(
    *,
    invoice: Invoice,
    reason: str,
    created_by: User | None = None,
    issued_on: datetime.date | None = None,
) -> CreditNote:
    """Cancel a manual invoice (issued or paid) with a credit note of the same amounts.
    The invoice becomes "cancelled by credit note"; its subscription may be invoiced again."""
    reason = (reason or "").strip()
    issued_on = issued_on or timezone.localdate()
    with transaction.atomic():
        # Locks the invoice: two clicks cannot make two credit notes.
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        errors = Errors()
        if invoice.source != Invoice.Source.MANUAL:
            errors.add("__all__", _("An invoice issued through Stripe is cancelled in Stripe."))
        elif invoice.status == Invoice.Status.VOID:
            errors.add("__all__", _("This invoice is already cancelled by a credit note."))
        if not reason:
            errors.add("reason", _("Write why the invoice is cancelled."))
        if issued_on < invoice.issued_on:
            errors.add("issued_on", _("A credit note cannot be dated before its invoice."))
        errors.raise_if_any()
        sequence = _take_next_number(issued_on.year)
        note = CreditNote.objects.create(
            invoice=invoice,
            partner_id=invoice.partner_id,
            number=format_number(issued_on.year, sequence),
            year=issued_on.year,
            sequence=sequence,
            issued_on=issued_on,
            reason=reason,
            buyer_name=invoice.buyer_name,
            buyer_address=invoice.buyer_address,
            buyer_siret=invoice.buyer_siret,
            buyer_service_code=invoice.buyer_service_code,
            total_excl_tax_cents=invoice.total_excl_tax_cents,
            vat_cents=invoice.vat_cents,
            total_cents=invoice.total_cents,
            created_by=created_by,
        )
        invoice.status = Invoice.Status.VOID
        invoice.save(update_fields=["status"])
    return note
