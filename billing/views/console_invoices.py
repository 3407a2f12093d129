"""Console pages that follow invoices after they are issued: the list (search, due and
overdue filters, pages, CSV), sending by email, and Chorus Pro (operators only)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from billing import selectors
from billing.documents import chorus_file_name, credit_note_pdf_bytes, invoice_pdf_bytes
from billing.forms import InvoiceFilterForm
from billing.models import ChorusDeposit, CreditNote, Invoice
from billing.services import chorus, sending
from coopere.accounts.decorators import operator_required
from frontend.pdf import pdf_response
from frontend.spreadsheet import csv_response

PER_PAGE = 50


def _filtered(request):
    form = InvoiceFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    invoices = selectors.invoices_for_console(
        q=data.get("q", ""), state=data.get("state", ""), today=today
    )
    query = {k: v for k, v in data.items() if v}
    return form, invoices, query, today


@operator_required
def invoice_list(request):
    form, invoices, query, today = _filtered(request)
    page = Paginator(invoices, PER_PAGE).get_page(request.GET.get("page"))
    querystring = urlencode(query)
    return render(
        request,
        "console/billing/invoice_list.html",
        {
            "form": form,
            "page": page,
            "invoices": page.object_list,
            "querystring": querystring,
            "today": today,
            "ecb_rate_missing": selectors.ecb_rate_missing(today),
            "chorus_rejections": selectors.chorus_rejections(),
        },
    )


@operator_required
def invoice_csv(request):
    _form, invoices, _query, today = _filtered(request)
    header = [
        _("Number"),
        _("Partner"),
        _("Invoice date"),
        _("Due date"),
        _("Total excl. VAT (€)"),
        _("VAT (€)"),
        _("Total incl. VAT (€)"),
        _("Status"),
        _("Paid on"),
        _("Days late"),
        _("Public service code"),
        _("Purchase order"),
    ]

    def euros(cents):
        return f"{cents // 100},{cents % 100:02d}"

    rows = (
        [
            inv.number,
            inv.partner.legal_name,
            inv.issued_on,
            inv.due_on,
            euros(inv.total_excl_tax_cents),
            euros(inv.vat_cents),
            euros(inv.total_cents),
            inv.get_status_display(),
            inv.paid_on,
            (today - inv.due_on).days
            if inv.status == Invoice.Status.ISSUED and inv.due_on and inv.due_on < today
            else "",
            inv.buyer_service_code,
            inv.purchase_order_ref,
        ]
        for inv in invoices.iterator()
    )
    return csv_response(f"factures-{today:%Y-%m-%d}.csv", rows, header=header)


def _invoice(pk) -> Invoice:
    return get_object_or_404(Invoice, pk=pk, source=Invoice.Source.MANUAL)


def _say(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


@require_POST
@operator_required
def invoice_send(request, pk):
    invoice = _invoice(pk)
    try:
        sending.send_invoice(invoice=invoice, by=request.user)
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(
            request,
            _("Invoice %(number)s is being emailed to %(emails)s.")
            % {
                "number": invoice.number,
                "emails": ", ".join(sending.billing_recipients(invoice.partner)),
            },
        )
    return redirect("billing_console:invoice_detail", pk=invoice.pk)


@require_POST
@operator_required
def credit_note_send(request, pk):
    note = get_object_or_404(CreditNote, pk=pk)
    try:
        sending.send_credit_note(note=note, by=request.user)
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(
            request,
            _("Credit note %(number)s is being emailed to %(emails)s.")
            % {
                "number": note.number,
                "emails": ", ".join(sending.billing_recipients(note.partner)),
            },
        )
    return redirect("billing_console:credit_note_detail", pk=note.pk)


@operator_required
def invoice_chorus_file(request, pk):
    """The file to upload by hand on the Chorus Pro portal: the Factur-X PDF, named with
    the buyer's service code."""
    invoice = selectors.invoice_for_document(_invoice(pk).pk)
    return pdf_response(invoice_pdf_bytes(invoice), chorus_file_name(invoice))


@require_POST
@operator_required
def invoice_chorus_deposit(request, pk):
    invoice = _invoice(pk)
    try:
        deposit = chorus.deposit_invoice_on_chorus(invoice=invoice, by=request.user)
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(
            request,
            _("Invoice %(number)s is deposited on Chorus Pro (deposit %(flow)s).")
            % {"number": invoice.number, "flow": deposit.flow_number},
        )
    return redirect("billing_console:invoice_detail", pk=invoice.pk)


@operator_required
def credit_note_chorus_file(request, pk):
    """The credit note's file to upload by hand on the Chorus Pro portal."""
    note = selectors.credit_note_for_document(get_object_or_404(CreditNote, pk=pk).pk)
    return pdf_response(credit_note_pdf_bytes(note), chorus_file_name(note))


@require_POST
@operator_required
def credit_note_chorus_deposit(request, pk):
    note = get_object_or_404(CreditNote, pk=pk)
    try:
        deposit = chorus.deposit_credit_note_on_chorus(note=note, by=request.user)
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(
            request,
            _("Credit note %(number)s is deposited on Chorus Pro (deposit %(flow)s).")
            % {"number": note.number, "flow": deposit.flow_number},
        )
    return redirect("billing_console:credit_note_detail", pk=note.pk)


@require_POST
@operator_required
def chorus_refresh(request, pk):
    deposit = get_object_or_404(ChorusDeposit, pk=pk)
    try:
        deposit = chorus.refresh_chorus_status(deposit=deposit)
    except ValidationError as exc:
        _say(request, exc)
    else:
        messages.success(
            request,
            _("Chorus Pro status: %(status)s.") % {"status": deposit.status or "—"},
        )
    if deposit.credit_note_id:
        return redirect("billing_console:credit_note_detail", pk=deposit.credit_note_id)
    return redirect("billing_console:invoice_detail", pk=deposit.invoice_id)
