"""Chorus Pro: depositing a public buyer's invoice, or the credit note cancelling it (each
its Factur-X PDF), through the API and following the deposit's status. Only
`billing/chorus_gateway.py` talks to Chorus Pro."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from billing import chorus_gateway, selectors
from billing.documents import chorus_file_name, credit_note_pdf_bytes, invoice_pdf_bytes
from billing.models import ChorusDeposit, CreditNote, Invoice
from billing.services.invitations import public_url
from coopere.accounts.models import User

log = logging.getLogger("coopere.billing")


def _check_depositable(invoice: Invoice) -> None:
    if invoice.source != Invoice.Source.MANUAL:
        raise ValidationError(_("Only invoices issued by Coop-ère are deposited on Chorus Pro."))
    if invoice.status == Invoice.Status.VOID:
        raise ValidationError(_("A cancelled invoice is not deposited."))
    if not invoice.buyer_siret:
        raise ValidationError(_("Chorus Pro needs the buyer's SIRET on the invoice."))
    current = (
        invoice.chorus_deposits.filter(credit_note=None)
        .exclude(status=ChorusDeposit.REJECTED)
        .first()
    )
    if current is not None:
        raise ValidationError(
            _("This invoice is already deposited on Chorus Pro (deposit %(number)s).")
            % {"number": current.flow_number}
        )


def deposit_invoice_on_chorus(*, invoice: Invoice, by: User) -> ChorusDeposit:
    """Deposit the invoice's Factur-X PDF on Chorus Pro and record the deposit number.
    The invoice stays locked during the call: a second click waits, then is refused. A
    rejected deposit may be followed by a new one."""
    with transaction.atomic():
        Invoice.objects.select_for_update().filter(pk=invoice.pk).first()
        invoice = selectors.invoice_for_document(invoice.pk)
        _check_depositable(invoice)
        return _deposit(invoice_pdf_bytes(invoice), chorus_file_name(invoice), invoice, by)


def deposit_credit_note_on_chorus(*, note: CreditNote, by: User) -> ChorusDeposit:
    """Deposit the credit note's Factur-X PDF (type 381, naming the invoice it cancels) on
    Chorus Pro, as a public buyer receives its invoices; recorded like an invoice's deposit.
    The credit note stays locked during the call; a rejected deposit may be followed by a
    new one."""
    with transaction.atomic():
        CreditNote.objects.select_for_update().filter(pk=note.pk).first()
        note = selectors.credit_note_for_document(note.pk)
        if not note.buyer_siret:
            raise ValidationError(_("Chorus Pro needs the buyer's SIRET on the credit note."))
        current = note.chorus_deposits.exclude(status=ChorusDeposit.REJECTED).first()
        if current is not None:
            raise ValidationError(
                _("This credit note is already deposited on Chorus Pro (deposit %(number)s).")
                % {"number": current.flow_number}
            )
        pdf = credit_note_pdf_bytes(note)
        return _deposit(pdf, chorus_file_name(note), note.invoice, by, credit_note=note)


def _deposit(pdf, file_name, invoice, by, credit_note=None) -> ChorusDeposit:
    """One call to Chorus Pro and its record; a refusal writes nothing and says why."""
    try:
        answer = chorus_gateway.deposit_flow(pdf=pdf, file_name=file_name)
    except chorus_gateway.ChorusError as error:
        raise ValidationError(error.message) from error
    deposited_at = parse_datetime(str(answer.get("dateDepot") or "")) or timezone.now()
    if timezone.is_naive(deposited_at):
        deposited_at = timezone.make_aware(deposited_at)
    return ChorusDeposit.objects.create(
        invoice=invoice,
        credit_note=credit_note,
        flow_number=str(answer["numeroFluxDepot"]),
        file_name=file_name,
        deposited_at=deposited_at,
        deposited_by=by,
        status=str(answer.get("etatCourantDepotFlux") or ""),
    )


def _errors(answer: dict) -> str:
    found = []
    for error in answer.get("listeErreurTechnique") or []:
        found.append(error.get("libelleErreur") or error.get("codeErreur") or "")
    for error in answer.get("listeErreurDP") or []:
        found.append(error.get("libelleErreurDP") or "")
    return "\n".join(e for e in found if e)


def refresh_chorus_status(*, deposit: ChorusDeposit) -> ChorusDeposit:
    """Ask Chorus Pro where the deposit stands and record it (with the rejection's
    reasons, if any)."""
    try:
        answer = chorus_gateway.flow_status(flow_number=deposit.flow_number)
    except chorus_gateway.ChorusError as error:
        raise ValidationError(error.message) from error
    with transaction.atomic():
        deposit = ChorusDeposit.objects.select_for_update().get(pk=deposit.pk)
        deposit.status = str(answer.get("etatCourantDepotFlux") or deposit.status)
        deposit.errors = _errors(answer)
        deposit.status_checked_at = timezone.now()
        deposit.save(update_fields=["status", "errors", "status_checked_at"])
    return deposit


def refresh_deposit_in_progress(*, deposit_id: int) -> str:
    """The daily refresh of one deposit (billing.dispatch_chorus_refreshes): nothing if it
    is gone or already integrated or rejected; else its status read and recorded. A
    rejection is emailed to the operator who deposited it, once: the row stays locked from
    the check to the email, so a second run finds it rejected and does nothing. Chorus Pro
    unreachable: it raises, the task fails, tasklog lists it for the operators, and the
    next day's run asks again."""
    with transaction.atomic():
        deposit = ChorusDeposit.objects.select_for_update().filter(pk=deposit_id).first()
        if deposit is None or deposit.is_integrated or deposit.is_rejected:
            return ""
        deposit = refresh_chorus_status(deposit=deposit)
        if deposit.is_rejected:
            log.warning(
                "Chorus Pro rejected deposit %s (%s): %s",
                deposit.flow_number,
                deposit.file_name,
                deposit.errors,
            )
            _tell_the_depositor(deposit)
    return deposit.status


def _tell_the_depositor(deposit: ChorusDeposit) -> None:
    deposit = ChorusDeposit.objects.select_related("invoice", "credit_note", "deposited_by").get(
        pk=deposit.pk
    )
    if deposit.credit_note_id:
        route, pk = "billing_console:credit_note_detail", deposit.credit_note_id
    else:
        route, pk = "billing_console:invoice_detail", deposit.invoice_id
    path = reverse(route, kwargs={"pk": pk}, urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    with translation.override(settings.LANGUAGE_CODE):
        if deposit.credit_note_id:
            document = _("the credit note %(number)s") % {"number": deposit.credit_note.number}
        else:
            document = _("the invoice %(number)s") % {"number": deposit.invoice.number}
        subject = _("Chorus Pro rejected %(document)s") % {"document": document}
        body = render_to_string(
            "billing/email/chorus_rejected.txt",
            {"deposit": deposit, "document": document, "url": public_url(path)},
        )
    send_mail(subject, body, None, [deposit.deposited_by.email])
