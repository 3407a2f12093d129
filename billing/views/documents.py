"""PDF downloads of invoices and credit notes (console and portal), named by their number."""

from billing.documents import credit_note_pdf_bytes, invoice_pdf_bytes
from billing.models import CreditNote, Invoice
from frontend.pdf import pdf_response


def invoice_pdf_response(request, invoice: Invoice):
    return pdf_response(invoice_pdf_bytes(invoice), f"{invoice.number}.pdf")


def credit_note_pdf_response(request, note: CreditNote):
    return pdf_response(credit_note_pdf_bytes(note), f"{note.number}.pdf")
