"""Invoices and credit notes as PDF files, the same for the console and the partner portal:
one template each (billing/invoice.html, billing/credit_note.html), named by their number."""

from billing import selectors
from billing.models import CreditNote, Invoice
from frontend.pdf import render_pdf


def invoice_pdf_response(request, invoice: Invoice):
    """`invoice` as loaded by selectors.invoice_for_document."""
    return render_pdf(
        request,
        "billing/invoice.html",
        selectors.invoice_document_context(invoice),
        filename=f"{invoice.number}.pdf",
    )


def credit_note_pdf_response(request, note: CreditNote):
    """`note` as loaded by selectors.credit_note_for_document."""
    return render_pdf(
        request,
        "billing/credit_note.html",
        selectors.credit_note_document_context(note),
        filename=f"{note.number}.pdf",
    )
