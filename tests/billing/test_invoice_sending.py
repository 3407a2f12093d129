"""Sending an invoice by email (Factur-X attached, logged, once) and the reminders of an
unpaid one at due date + 15 and + 30 days, with the late-payment interest and the 40 €
indemnity; another partner's contacts never receive anything."""

import datetime
import html

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from billing import tasks
from billing.late_payment import late_charges
from billing.models import Invoice, InvoiceMessage
from billing.services import credit_notes, invoices, partners, sending
from tests.inline_tasks import run_inline

pytestmark = pytest.mark.calendar_edges

ISSUED = datetime.date(2026, 3, 10)  # due 9 April 2026 (30 days)
DUE = ISSUED + datetime.timedelta(days=30)


@pytest.fixture(autouse=True)
def _outbox():
    mail.outbox = []


@pytest.fixture
def invoice(partner_a, network_a, make_subscription):
    partners.add_contact(
        partner=partner_a,
        name="Service comptable",
        email="compta@lisses.fr",
        receives_invoices=True,
    )
    partners.add_contact(partner=partner_a, name="Élu", email="elu@lisses.fr")
    sub = make_subscription(partner_a, [network_a], purchase_order_ref="EJ-77")
    return invoices.issue_invoice(subscription=sub, issued_on=ISSUED)


def _send_page(client, invoice):
    return client.post(f"/console/partenaires/factures/{invoice.pk}/envoyer/", follow=True)


def test_an_operator_sends_the_invoice_to_billing_contacts_with_its_facturx_pdf(
    operator_client, operator, invoice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _send_page(operator_client, invoice)
    assert "est en cours d’envoi à compta@lisses.fr" in response.content.decode().replace("'", "’")
    (message,) = InvoiceMessage.objects.filter(invoice=invoice)
    assert (message.requested_by, message.sent_at) == (operator, None)
    assert len(queued) == 1 and not mail.outbox  # the email leaves from a task
    assert tasks.send_invoice_email(message.pk) is True
    assert tasks.send_invoice_email(message.pk) is False  # run twice: one email
    (email,) = mail.outbox
    assert email.to == ["compta@lisses.fr"]  # not the contact without the box ticked
    assert invoice.number in email.subject
    assert "SERV-FIN" in email.body  # the Chorus Pro service code is recalled
    ((name, content, kind),) = email.attachments
    assert (name, kind) == (f"{invoice.number}.pdf", "application/pdf")
    from facturx import get_facturx_xml_from_pdf

    assert get_facturx_xml_from_pdf(content, check_xsd=True)[0] == "factur-x.xml"
    message.refresh_from_db()
    assert message.sent_at is not None and message.recipients == "compta@lisses.fr"
    page = operator_client.get(f"/console/partenaires/factures/{invoice.pk}/").content.decode()
    assert "Facture envoyée" in page and "compta@lisses.fr" in page


def test_without_a_billing_contact_sending_is_refused_in_french(
    operator_client, partner_b, network_b, make_subscription
):
    sub = make_subscription(partner_b, [network_b])
    invoice = invoices.issue_invoice(subscription=sub, issued_on=ISSUED)
    page = _send_page(operator_client, invoice).content.decode()
    assert "Aucun contact de ce partenaire ne reçoit les factures" in page
    assert not InvoiceMessage.objects.exists()


def test_a_billing_contact_needs_an_email(partner_a):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        partners.add_contact(partner=partner_a, name="Compta", receives_invoices=True)
    assert "adresse e-mail" in caught.value.message_dict["email"][0]


def test_a_cancelled_invoice_is_neither_sent_nor_reminded(operator_client, invoice):
    credit_notes.issue_credit_note(invoice=invoice, reason="Erreur", issued_on=ISSUED)
    page = _send_page(operator_client, invoice).content.decode()
    assert "Une facture annulée n’est pas envoyée." in page.replace("'", "’")
    assert sending.reminders_due(DUE + datetime.timedelta(days=40)) == []


def _text(response) -> str:
    """The page's text with entities decoded, apostrophes typographic."""
    return html.unescape(response.content.decode()).replace("'", "’")


def _send_credit_note(client, note):
    return client.post(f"/console/partenaires/avoirs/{note.pk}/envoyer/", follow=True)


def test_an_operator_sends_the_credit_note_with_its_own_facturx_pdf(
    operator_client, operator, invoice, django_capture_on_commit_callbacks
):
    note = credit_notes.issue_credit_note(
        invoice=invoice, reason="Réseau fermé avant le début de l'abonnement", issued_on=ISSUED
    )
    page = _text(operator_client.get(f"/console/partenaires/avoirs/{note.pk}/"))
    assert "Envoyer l’avoir par e-mail" in page
    assert "compta@lisses.fr" in page and "elu@lisses.fr" not in page
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _send_credit_note(operator_client, note)
    assert f"L’avoir {note.number} est en cours d’envoi à compta@lisses.fr" in _text(response)
    (message,) = InvoiceMessage.objects.filter(invoice=invoice)
    assert (message.kind, message.requested_by, message.sent_at) == (
        InvoiceMessage.Kind.CREDIT_NOTE,
        operator,
        None,
    )
    assert len(queued) == 1 and not mail.outbox  # the email leaves from a task
    assert tasks.send_credit_note_email(message.pk) is True
    assert tasks.send_credit_note_email(message.pk) is False  # run twice: one email
    assert tasks.send_invoice_email(message.pk) is False  # not an invoice's email
    (email,) = mail.outbox
    assert email.to == ["compta@lisses.fr"]
    assert note.number in email.subject and invoice.number in email.subject
    assert "Réseau fermé avant le début" in email.body
    assert "rien à payer" in email.body  # the invoice was not paid: nothing is refunded
    ((name, content, kind),) = email.attachments
    assert (name, kind) == (f"{note.number}.pdf", "application/pdf")
    from facturx import get_facturx_xml_from_pdf

    _, xml = get_facturx_xml_from_pdf(content, check_xsd=True)
    assert b"<ram:TypeCode>381</ram:TypeCode>" in xml  # a credit note, not an invoice
    message.refresh_from_db()
    assert message.sent_at is not None and message.recipients == "compta@lisses.fr"
    page = _text(operator_client.get(f"/console/partenaires/avoirs/{note.pk}/"))
    assert "Renvoyer l’avoir par e-mail" in page
    invoice_page = operator_client.get(f"/console/partenaires/factures/{invoice.pk}/")
    assert "Avoir envoyé" in invoice_page.content.decode()


def test_a_credit_note_without_a_billing_contact_is_not_sent(
    operator_client, partner_b, network_b, make_subscription
):
    sub = make_subscription(partner_b, [network_b])
    invoice = invoices.issue_invoice(subscription=sub, issued_on=ISSUED)
    note = credit_notes.issue_credit_note(invoice=invoice, reason="Erreur", issued_on=ISSUED)
    page = _send_credit_note(operator_client, note).content.decode()
    assert "Aucun contact de ce partenaire ne reçoit les factures" in page
    assert not InvoiceMessage.objects.exists()
    assert operator_client.post("/console/partenaires/avoirs/999999/envoyer/").status_code == 404


def test_a_paid_invoices_credit_note_says_it_is_refunded(invoice):
    invoices.mark_invoice_paid(invoice=invoice, paid_on=ISSUED)
    note = credit_notes.issue_credit_note(invoice=invoice, reason="Doublon", issued_on=ISSUED)
    message = InvoiceMessage.objects.create(
        invoice=invoice, kind=InvoiceMessage.Kind.CREDIT_NOTE, requested_at=timezone.now()
    )
    assert sending.send_credit_note_email(message_id=message.pk) is True
    (email,) = mail.outbox
    assert "remboursé par virement" in email.body and note.number in email.subject


def test_late_charges_follow_the_law(db):
    # 1 000 € late 30 days at 2.15 % + 10 points: 1000 × 12.15 % × 30 / 365 = 9.99 €.
    charges = late_charges(
        amount_cents=100000, due_on=DUE, on=DUE + datetime.timedelta(days=30), public_buyer=False
    )
    assert (charges.days_late, charges.rate_bp) == (30, 1215)
    assert (charges.interest_cents, charges.indemnity_cents) == (999, 4000)
    public = late_charges(
        amount_cents=100000, due_on=DUE, on=DUE + datetime.timedelta(days=30), public_buyer=True
    )
    assert public.rate_bp == 1015 and public.interest_cents == 834
    on_time = late_charges(amount_cents=100000, due_on=DUE, on=DUE, public_buyer=False)
    assert (on_time.interest_cents, on_time.indemnity_cents) == (0, 0)
    with override_settings(COOPERE_ECB_RATE_BP=400):
        assert (
            late_charges(amount_cents=100000, due_on=DUE, on=DUE, public_buyer=False).rate_bp
            == 1400
        )


def test_reminders_go_at_15_and_30_days_once_each_with_the_charges(invoice, monkeypatch):
    run_inline(monkeypatch, tasks.send_invoice_reminder)

    def dispatch_on(day):
        with time_machine.travel(
            timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 15))), tick=False
        ):
            assert tasks.dispatch_invoice_reminders() >= 0
            return InvoiceMessage.objects.filter(invoice=invoice).count()

    assert dispatch_on(DUE + datetime.timedelta(days=14)) == 0
    assert dispatch_on(DUE + datetime.timedelta(days=15)) == 1
    assert dispatch_on(DUE + datetime.timedelta(days=15)) == 1  # the beat twice: one email
    assert dispatch_on(DUE + datetime.timedelta(days=20)) == 1
    assert dispatch_on(DUE + datetime.timedelta(days=30)) == 2
    assert dispatch_on(DUE + datetime.timedelta(days=45)) == 2
    first, second = mail.outbox
    assert first.to == second.to == ["compta@lisses.fr"]
    assert "Relance" in first.subject and "Deuxième relance" in second.subject
    assert "Retard : 15 jours." in first.body
    # Commune: public rate, ECB 2.15 % + 8 points = 10.15 %; 1 440 € incl. VAT, 30 days.
    assert "10,15" in second.body and "12,01" in second.body
    assert "40,00" in second.body  # the fixed recovery indemnity
    assert second.attachments[0][0] == f"{invoice.number}.pdf"
    reminder = InvoiceMessage.objects.get(kind="reminder_2")
    assert (reminder.days_late, reminder.interest_cents, reminder.indemnity_cents) == (
        30,
        1201,
        4000,
    )


def test_the_reminder_task_twice_sends_one_email(invoice):
    day = DUE + datetime.timedelta(days=16)
    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(DUE, datetime.time(10))), tick=False
    ):
        assert tasks.send_invoice_reminder.run(invoice.pk, "reminder_1") is False  # not late
    with time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))), tick=False
    ):
        assert tasks.send_invoice_reminder.run(invoice.pk, "reminder_1") is True
        assert tasks.send_invoice_reminder.run(invoice.pk, "reminder_1") is False
    assert len(mail.outbox) == 1


def test_a_paid_invoice_gets_no_reminder(invoice):
    Invoice.objects.filter(pk=invoice.pk).update(status="paid", paid_on=DUE)
    assert sending.reminders_due(DUE + datetime.timedelta(days=31)) == []
    assert (
        sending.send_invoice_reminder(
            invoice_id=invoice.pk, kind="reminder_1", today=DUE + datetime.timedelta(days=31)
        )
        is None
    )
    assert not mail.outbox


def test_other_partners_contacts_never_get_the_invoice(invoice, partner_b):
    partners.add_contact(
        partner=partner_b, name="Bailleur", email="compta@bailleur.fr", receives_invoices=True
    )
    sending.send_invoice_reminder(
        invoice_id=invoice.pk, kind="reminder_1", today=DUE + datetime.timedelta(days=15)
    )
    assert [m.to for m in mail.outbox] == [["compta@lisses.fr"]]
