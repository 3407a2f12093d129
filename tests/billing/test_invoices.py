"""Manual invoices: totals in cents with VAT rounded half up, gapless numbers per year,
payment, the printable page with the legal mentions, and the PDF."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from billing.models import Invoice, InvoiceSequence, Plan, Subscription, vat_of
from billing.services import invoices, subscriptions

# Month and year arithmetic: also run at 31 Dec 23:59, 1 Jan and 29 Feb.
pytestmark = pytest.mark.calendar_edges


ISSUED = datetime.date(2026, 3, 10)


@pytest.fixture
def subscription(partner_a, network_a, network_b, make_subscription):
    return make_subscription(partner_a, [network_a, network_b], purchase_order_ref="BC-2026-14")


def issue(subscription, on=ISSUED, **extra):
    return invoices.issue_invoice(subscription=subscription, issued_on=on, **extra)


def test_vat_is_rounded_half_up():
    assert vat_of(10000, 2000) == 2000
    assert vat_of(1, 5000) == 1  # 0.5 cent -> 1
    assert vat_of(1, 4999) == 0
    assert vat_of(333, 550) == 18  # 18.315 -> 18
    assert vat_of(1000, 55) == 6  # 5.5 -> 6


def test_invoice_has_one_line_plan_times_networks_and_totals_in_cents(subscription, plan):
    invoice = issue(subscription)
    assert invoice.number == "FA-2026-0001"
    line = invoice.lines.get()
    assert line.quantity == 2 and line.unit_price_cents == plan.price_cents
    assert "Réseau A" in line.description and "Réseau B" in line.description
    assert "du 1er janvier 2026 au 31 décembre 2026" in line.description
    assert invoice.total_excl_tax_cents == 2 * plan.price_cents
    assert invoice.vat_cents == vat_of(2 * plan.price_cents, 2000)
    assert invoice.total_cents == invoice.total_excl_tax_cents + invoice.vat_cents
    assert invoice.due_on == ISSUED + datetime.timedelta(days=30)
    assert invoice.purchase_order_ref == "BC-2026-14"
    assert invoice.buyer_name == "Commune de Lisses"
    assert invoice.buyer_service_code == "SERV-FIN"


def test_numbers_are_sequential_and_restart_each_year(partner_a, network_a, make_subscription):
    numbers = [issue(make_subscription(partner_a, [network_a])).number for _ in range(3)]
    assert numbers == ["FA-2026-0001", "FA-2026-0002", "FA-2026-0003"]
    next_year = issue(make_subscription(partner_a, [network_a]), on=datetime.date(2027, 1, 2))
    assert next_year.number == "FA-2027-0001"
    back = issue(make_subscription(partner_a, [network_a]), on=datetime.date(2026, 12, 31))
    assert back.number == "FA-2026-0004"
    assert InvoiceSequence.objects.get(year=2026).last_number == 4


def test_a_failed_issue_rolls_the_number_back(
    subscription, partner_a, network_a, make_subscription, monkeypatch
):
    issue(subscription)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("billing.services.invoices.InvoiceLine.objects.create", broken)
    with pytest.raises(RuntimeError):
        issue(make_subscription(partner_a, [network_a]))
    monkeypatch.undo()
    assert InvoiceSequence.objects.get(year=2026).last_number == 1
    assert issue(make_subscription(partner_a, [network_a])).number == "FA-2026-0002"


def test_a_subscription_is_invoiced_once(subscription):
    issue(subscription)
    with pytest.raises(ValidationError) as exc:
        issue(subscription)
    assert exc.value.messages == ["Cet abonnement a déjà une facture."]
    assert Invoice.objects.count() == 1
    assert InvoiceSequence.objects.get(year=2026).last_number == 1


def test_zero_rate_plan_gives_no_vat(partner_a, network_a, make_subscription):
    plan = subscriptions.create_plan(code="exo", name="Exonéré", price_cents=50000, vat_rate_bp=0)
    invoice = issue(make_subscription(partner_a, [network_a], plan=plan))
    assert invoice.vat_cents == 0 and invoice.total_cents == 50000


def test_marking_paid_activates_the_subscription(subscription):
    invoice = issue(subscription)
    invoices.mark_invoice_paid(invoice=invoice, paid_on=datetime.date(2026, 4, 2))
    invoice.refresh_from_db()
    subscription.refresh_from_db()
    assert invoice.status == Invoice.Status.PAID and invoice.paid_on == datetime.date(2026, 4, 2)
    assert subscription.status == Subscription.Status.ACTIVE
    with pytest.raises(ValidationError):
        invoices.mark_invoice_paid(invoice=invoice, paid_on=datetime.date(2026, 4, 3))


def test_payment_before_the_invoice_date_is_refused(subscription):
    invoice = issue(subscription)
    with pytest.raises(ValidationError) as exc:
        invoices.mark_invoice_paid(invoice=invoice, paid_on=datetime.date(2026, 3, 1))
    assert "paid_on" in exc.value.message_dict
    invoice.refresh_from_db()
    subscription.refresh_from_db()
    assert invoice.status == Invoice.Status.ISSUED
    assert subscription.status == Subscription.Status.PENDING


# --- Pages ------------------------------------------------------------------------------------


def test_operator_issues_from_the_partner_page_and_sees_the_legal_mentions(
    operator_client, subscription, settings
):
    settings.COOPERE_LEGAL_NAME = "Association Coop-ère Test"
    settings.COOPERE_SIRET = "12345678900011"
    settings.COOPERE_VAT_NUMBER = "FR12123456789"
    settings.COOPERE_ADDRESS = "2 rue des Voisins\\n91000 Évry"  # as an env variable
    response = operator_client.post(
        f"/console/partenaires/souscriptions/{subscription.pk}/facturer/"
    )
    invoice = Invoice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/console/partenaires/factures/{invoice.pk}/"
    page = operator_client.get(response["Location"]).content.decode()
    year = invoice.year
    for text in [
        f"FA-{year}-0001",
        "Association Coop-ère Test",
        "2 rue des Voisins<br>91000 Évry",
        "12345678900011",
        "FR12123456789",
        "Commune de Lisses",
        subscription.partner.siret,
        "SERV-FIN",
        "BC-2026-14",
        "Total HT",
        "Total TTC",
        "TVA (20\u00a0%)",
        "Date d'échéance",
        "40 €",
        "Pas d'escompte pour paiement anticipé.",
        "Pénalités de retard",
    ]:
        assert text in page, text
    assert "293 B" not in page


def test_zero_vat_invoice_says_art_293_b(operator_client, partner_a, network_a, make_subscription):
    plan = subscriptions.create_plan(code="exo", name="Exonéré", price_cents=50000, vat_rate_bp=0)
    invoice = issue(make_subscription(partner_a, [network_a], plan=plan))
    page = operator_client.get(f"/console/partenaires/factures/{invoice.pk}/").content.decode()
    assert "TVA non applicable, art. 293 B du CGI." in page


def test_invoice_pdf_downloads(operator_client, subscription):
    invoice = issue(subscription)
    response = operator_client.get(f"/console/partenaires/factures/{invoice.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="{invoice.number}.pdf"' in response["Content-Disposition"]
    assert invoice.number.encode() in _pdf_text(response.content)


def _pdf_text(document: bytes) -> bytes:
    """The PDF's bytes with its compressed streams inflated (the title in its metadata is
    the HTML <title>, holding the invoice number, possibly in UTF-16)."""
    import contextlib
    import re
    import zlib

    chunks = [document]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", document, re.S):
        with contextlib.suppress(zlib.error):
            chunks.append(zlib.decompress(stream))
    raw = b"".join(chunks)
    return raw + raw.replace(b"\x00", b"")


def test_operator_marks_paid_from_the_invoice_page(operator_client, subscription):
    invoice = issue(subscription, on=datetime.date.today())
    url = f"/console/partenaires/factures/{invoice.pk}/payee/"
    response = operator_client.post(url, {"paid_on": ""})
    assert response.status_code == 400
    assert "Indiquez la date de réception du paiement." in response.content.decode()
    response = operator_client.post(url, {"paid_on": datetime.date.today().isoformat()})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.status == Subscription.Status.ACTIVE


def test_plan_price_change_does_not_change_an_issued_invoice(subscription, plan):
    invoice = issue(subscription)
    total = invoice.total_cents
    Plan.objects.filter(pk=plan.pk).update(price_cents=1)
    invoice.refresh_from_db()
    assert invoice.total_cents == total and invoice.lines.get().unit_price_cents != 1


def test_invoice_list_shows_unpaid_first(
    operator_client, partner_a, partner_b, network_a, make_subscription
):
    paid = issue(make_subscription(partner_a, [network_a]))
    invoices.mark_invoice_paid(invoice=paid, paid_on=datetime.date.today())
    unpaid = issue(make_subscription(partner_b, [network_a]))
    page = operator_client.get("/console/partenaires/factures/").content.decode()
    assert page.index(unpaid.number) < page.index(paid.number)
    assert "Essonne Habitat" in page and "Commune de Lisses" in page


def test_invoice_stays_french_for_an_operator_reading_english(operator_client, subscription):
    operator_client.post("/i18n/setlang/", {"language": "en", "next": "/console/"})
    invoice = issue(subscription)
    page = operator_client.get(f"/console/partenaires/factures/{invoice.pk}/").content.decode()
    assert "Total TTC" in page and "Pas d'escompte pour paiement anticipé." in page


def test_issuing_twice_from_the_page_says_so_in_french(operator_client, subscription):
    url = f"/console/partenaires/souscriptions/{subscription.pk}/facturer/"
    operator_client.post(url)
    response = operator_client.post(url, follow=True)
    assert "Cet abonnement a déjà une facture." in response.content.decode()
    assert Invoice.objects.count() == 1
