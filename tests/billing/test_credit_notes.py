"""Credit notes (avoirs): cancel a manual invoice in full with their own gapless yearly
number, the invoice shows it, the document carries the legal mentions; operators only."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError

from billing.models import CreditNote, CreditNoteSequence, Invoice
from billing.services import credit_notes, invoices

ISSUED = datetime.date(2026, 3, 10)


@pytest.fixture
def invoice(partner_a, network_a, make_subscription):
    subscription = make_subscription(partner_a, [network_a], purchase_order_ref="BC-7")
    return invoices.issue_invoice(subscription=subscription, issued_on=ISSUED)


def cancel(invoice, on=datetime.date(2026, 4, 1), reason="Mauvais nombre de réseaux"):
    return credit_notes.issue_credit_note(invoice=invoice, reason=reason, issued_on=on)


def test_a_credit_note_cancels_the_invoice_with_its_amounts(invoice):
    note = cancel(invoice)
    invoice.refresh_from_db()
    assert note.number == "AV-2026-0001"
    assert invoice.status == Invoice.Status.VOID
    assert (note.total_excl_tax_cents, note.vat_cents, note.total_cents) == (
        invoice.total_excl_tax_cents,
        invoice.vat_cents,
        invoice.total_cents,
    )
    assert note.buyer_name == "Commune de Lisses"


def test_numbers_are_gapless_and_yearly_apart_from_invoices(
    partner_a, network_a, make_subscription
):
    def new_invoice():
        sub = make_subscription(partner_a, [network_a])
        return invoices.issue_invoice(subscription=sub, issued_on=ISSUED)

    numbers = [cancel(new_invoice()).number for _ in range(3)]
    assert numbers == ["AV-2026-0001", "AV-2026-0002", "AV-2026-0003"]
    assert cancel(new_invoice(), on=datetime.date(2027, 1, 1)).number == "AV-2027-0001"
    assert CreditNoteSequence.objects.get(year=2026).last_number == 3


def test_the_subscription_can_be_invoiced_again_after_its_credit_note(invoice):
    cancel(invoice)
    again = invoices.issue_invoice(subscription=invoice.subscription, issued_on=ISSUED)
    assert again.number == "FA-2026-0002"


@pytest.mark.parametrize(
    ("reason", "on", "field", "message"),
    [
        ("  ", datetime.date(2026, 4, 1), "reason", "Écrivez pourquoi la facture est annulée."),
        ("Erreur", datetime.date(2026, 3, 1), "issued_on", "Un avoir ne peut pas être daté"),
    ],
)
def test_bad_input_writes_nothing(invoice, reason, on, field, message):
    with pytest.raises(ValidationError) as exc:
        cancel(invoice, on=on, reason=reason)
    assert message in " ".join(exc.value.message_dict[field])
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED
    assert not CreditNote.objects.exists() and not CreditNoteSequence.objects.exists()


def test_an_invoice_is_cancelled_once(invoice):
    cancel(invoice)
    with pytest.raises(ValidationError) as exc:
        cancel(invoice)
    assert exc.value.messages == ["Cette facture est déjà annulée par un avoir."]
    assert CreditNote.objects.count() == 1
    assert CreditNoteSequence.objects.get(year=2026).last_number == 1


# --- Pages ------------------------------------------------------------------------------------


def test_operator_cancels_from_the_invoice_page(operator_client, invoice):
    page = operator_client.get(f"/console/partenaires/factures/{invoice.pk}/").content.decode()
    assert "Annuler cette facture par un avoir" in page
    response = operator_client.post(
        f"/console/partenaires/factures/{invoice.pk}/avoir/",
        {"avoir-reason": "Le bon de commande a changé"},
    )
    note = CreditNote.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/console/partenaires/avoirs/{note.pk}/"
    document = operator_client.get(response["Location"]).content.decode()
    for text in [
        note.number,
        f"Annule intégralement la facture {invoice.number}",
        "Le bon de commande a changé",
        "SIRET",
        "TVA",
        "Commune de Lisses",
        "BC-7",
    ]:
        assert text in document, text
    invoice_page = operator_client.get(f"/console/partenaires/factures/{invoice.pk}/")
    assert "Annulée par avoir" in invoice_page.content.decode()
    assert note.number in invoice_page.content.decode()
    assert "Annuler cette facture par un avoir" not in invoice_page.content.decode()
    partner_page = operator_client.get(f"/console/partenaires/{invoice.partner_id}/")
    assert note.number in partner_page.content.decode()


def test_the_pdfs_show_the_credit_note(operator_client, invoice):
    note = cancel(invoice)
    response = operator_client.get(f"/console/partenaires/avoirs/{note.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    invoice_pdf = operator_client.get(f"/console/partenaires/factures/{invoice.pk}/pdf/")
    assert invoice_pdf.status_code == 200


def test_no_reason_shows_the_french_message_and_writes_nothing(operator_client, invoice):
    response = operator_client.post(
        f"/console/partenaires/factures/{invoice.pk}/avoir/", {"avoir-reason": ""}
    )
    assert response.status_code == 400
    assert "Écrivez pourquoi la facture est annulée." in html.unescape(response.content.decode())
    assert not CreditNote.objects.exists()
    invoice.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED


def test_unknown_ids_answer_404(operator_client, invoice):
    assert operator_client.post("/console/partenaires/factures/999999/avoir/").status_code == 404
    assert operator_client.get("/console/partenaires/avoirs/999999/").status_code == 404
    assert operator_client.get("/console/partenaires/avoirs/999999/pdf/").status_code == 404


def test_only_operators(invoice, partner_a, make_partner_user, logged_in):
    note = cancel(invoice)
    urls = [
        f"/console/partenaires/avoirs/{note.pk}/",
        f"/console/partenaires/avoirs/{note.pk}/pdf/",
    ]
    anonymous = logged_in(None)
    for url in urls:
        assert anonymous.get(url)["Location"].startswith("/connexion/")
    partner = logged_in(make_partner_user(partner_a, "paula@lisses.fr"))
    for url in urls:
        assert partner.get(url).status_code == 403
    other = invoices.issue_invoice(subscription=invoice.subscription, issued_on=ISSUED)
    response = partner.post(
        f"/console/partenaires/factures/{other.pk}/avoir/", {"avoir-reason": "x"}
    )
    assert response.status_code == 403
    assert CreditNote.objects.count() == 1


def test_the_partner_downloads_its_credit_note_and_not_anothers(
    invoice, partner_a, partner_b, make_partner_user, logged_in
):
    note = cancel(invoice)
    paula = logged_in(make_partner_user(partner_a, "paula@lisses.fr"))
    page = paula.get("/partenaires/factures/").content.decode()
    assert f"Avoir {note.number} (PDF)" in page
    assert "Annulée par avoir" in page
    response = paula.get(f"/partenaires/avoirs/{note.pk}.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    bob = logged_in(make_partner_user(partner_b, "bob@essonne-habitat.fr"))
    assert bob.get(f"/partenaires/avoirs/{note.pk}.pdf").status_code == 404
    assert logged_in(None).get(f"/partenaires/avoirs/{note.pk}.pdf").status_code == 302
