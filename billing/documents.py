"""Invoices and credit notes as PDF files, the same for the console, the partner portal,
the emails and Chorus Pro: one template each (billing/invoice.html, billing/credit_note.html)
drawn as PDF/A-3 with its Factur-X XML (EN 16931) embedded."""

from django.conf import settings
from django.template.loader import render_to_string

from billing import einvoice, selectors
from billing.models import CreditNote, Invoice
from frontend.pdf import html_to_pdf


def _base_url() -> str:
    # Static files are read from disk whatever the host (frontend.pdf): any base will do.
    return f"{settings.COOPERE_URL_SCHEME}://{settings.COOPERE_BASE_DOMAIN}/"


def _facturx(template: str, context: dict, data: dict, title: str) -> bytes:
    html = render_to_string(template, context)
    pdf = html_to_pdf(html, _base_url(), pdf_variant="pdf/a-3b")
    return einvoice.facturx_pdf(
        pdf, einvoice.cii_xml(data), title=title, author=context["seller"]["name"]
    )


def invoice_pdf_bytes(invoice: Invoice) -> bytes:
    """`invoice` as loaded by selectors.invoice_for_document: its Factur-X PDF."""
    context = selectors.invoice_document_context(invoice)
    data = einvoice.invoice_data(invoice, context["seller"])
    return _facturx("billing/invoice.html", context, data, f"Facture {invoice.number}")


def credit_note_pdf_bytes(note: CreditNote) -> bytes:
    """`note` as loaded by selectors.credit_note_for_document: its Factur-X PDF."""
    context = selectors.credit_note_document_context(note)
    data = einvoice.credit_note_data(note, context["seller"])
    return _facturx("billing/credit_note.html", context, data, f"Avoir {note.number}")


def chorus_file_name(document: Invoice | CreditNote) -> str:
    """The deposit file's name (an invoice's or a credit note's): the service code first, so
    a clerk uploading by hand on the Chorus Pro portal sees where it goes (characters Chorus
    Pro refuses replaced)."""
    code = "".join(c if c.isalnum() or c in "-_" else "-" for c in document.buyer_service_code)
    return f"{code or 'SANS-CODE-SERVICE'}_{document.number}.pdf"
