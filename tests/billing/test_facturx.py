"""Factur-X (EN 16931): the PDF of an invoice and of a credit note, downloaded from the
console and the portal, is a PDF/A-3 whose embedded XML validates against the profile's
XSD (the factur-x library's own check) and carries our totals, the buyer's SIRET, the
Chorus Pro service code and the purchase order."""

import datetime
import io
from decimal import Decimal

import pytest
from facturx import get_facturx_xml_from_pdf, get_level, xml_check_xsd
from lxml import etree
from pypdf import PdfReader

from billing import einvoice
from billing.services import credit_notes, invoices

pytestmark = pytest.mark.calendar_edges

ISSUED = datetime.date(2026, 3, 10)
NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}
SUMMATION = (
    "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/"
    "ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
)
AGREEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/"


@pytest.fixture
def invoice(partner_a, network_a, network_b, make_subscription):
    subscription = make_subscription(
        partner_a, [network_a, network_b], purchase_order_ref="EJ-2026-000123"
    )
    return invoices.issue_invoice(subscription=subscription, issued_on=ISSUED)


def _embedded(pdf: bytes) -> etree._Element:
    filename, xml = get_facturx_xml_from_pdf(pdf, check_xsd=False)
    assert filename == "factur-x.xml"
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931")  # raises when invalid
    root = etree.fromstring(xml)
    assert get_level(root) == "en16931"
    return root


def _text(root, path: str) -> str:
    return root.xpath(path, namespaces=NS)[0].text


def _cents(root, name: str) -> int:
    return int(Decimal(_text(root, SUMMATION + f"ram:{name}")) * 100)


def _is_pdf_a3(pdf: bytes) -> bool:
    metadata = PdfReader(io.BytesIO(pdf)).xmp_metadata
    return metadata is not None and metadata.pdfaid_part == "3"


def test_an_invoice_pdf_embeds_valid_en16931_xml_with_our_totals(operator_client, invoice):
    response = operator_client.get(f"/console/partenaires/factures/{invoice.pk}/pdf/")
    assert response.status_code == 200
    pdf = response.content
    assert _is_pdf_a3(pdf)
    root = _embedded(pdf)
    assert _text(root, "rsm:ExchangedDocument/ram:ID") == invoice.number
    assert _text(root, "rsm:ExchangedDocument/ram:TypeCode") == "380"
    assert _cents(root, "TaxBasisTotalAmount") == invoice.total_excl_tax_cents == 240000
    assert _cents(root, "TaxTotalAmount") == invoice.vat_cents == 48000
    assert _cents(root, "GrandTotalAmount") == invoice.total_cents == 288000
    assert _cents(root, "DuePayableAmount") == invoice.total_cents
    # What Chorus Pro reads: service code (BT-10), engagement juridique (BT-13), SIRET.
    assert _text(root, AGREEMENT + "ram:BuyerReference") == "SERV-FIN"
    assert (
        _text(root, AGREEMENT + "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID")
        == "EJ-2026-000123"
    )
    buyer_id = root.xpath(
        AGREEMENT + "ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID", namespaces=NS
    )[0]
    assert (buyer_id.text, buyer_id.get("schemeID")) == (invoice.buyer_siret, "0002")
    assert _text(root, AGREEMENT + "ram:BuyerTradeParty/ram:PostalTradeAddress/ram:CityName") == (
        "Lisses"
    )
    seller_vat = _text(root, AGREEMENT + "ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID")
    assert seller_vat == "FR00000000000"


def test_a_credit_note_pdf_embeds_valid_xml_referring_to_its_invoice(operator_client, invoice):
    note = credit_notes.issue_credit_note(
        invoice=invoice, reason="Erreur sur le nombre de réseaux", issued_on=ISSUED
    )
    pdf = operator_client.get(f"/console/partenaires/avoirs/{note.pk}/pdf/").content
    assert _is_pdf_a3(pdf)
    root = _embedded(pdf)
    assert _text(root, "rsm:ExchangedDocument/ram:ID") == note.number
    assert _text(root, "rsm:ExchangedDocument/ram:TypeCode") == "381"
    assert _cents(root, "GrandTotalAmount") == note.total_cents == invoice.total_cents
    assert _cents(root, "TaxTotalAmount") == note.vat_cents
    preceding = (
        "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/"
        "ram:InvoiceReferencedDocument/ram:IssuerAssignedID"
    )
    assert _text(root, preceding) == invoice.number


def test_a_vat_exempt_invoice_says_why_in_the_xml(partner_a, network_a, make_subscription, plan):
    plan.vat_rate_bp = 0
    plan.save()
    sub = make_subscription(partner_a, [network_a])
    invoice = invoices.issue_invoice(subscription=sub, issued_on=ISSUED)
    from billing import selectors
    from billing.views.documents import invoice_pdf_bytes

    root = _embedded(invoice_pdf_bytes(selectors.invoice_for_document(invoice.pk)))
    assert _cents(root, "TaxTotalAmount") == 0
    category = (
        "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/"
        "ram:ApplicableTradeTax/"
    )
    assert _text(root, category + "ram:CategoryCode") == "E"
    assert "293 B" in _text(root, category + "ram:ExemptionReason")


def test_the_portal_pdf_is_the_same_factur_x(logged_in, make_partner_user, partner_a, invoice):
    user = make_partner_user(partner_a, "compta@lisses.fr")
    pdf = logged_in(user).get(f"/partenaires/factures/{invoice.pk}.pdf").content
    assert _cents(_embedded(pdf), "GrandTotalAmount") == invoice.total_cents


def test_an_address_without_postcode_still_gives_a_valid_party():
    assert einvoice._address("Mairie\nPlace de l'Église") == {
        "country_code": "FR",
        "addr_l1": "Mairie",
        "addr_l2": "Place de l'Église",
    }
    assert einvoice._address("1 rue X\n91000 Évry-Courcouronnes")["city"] == ("Évry-Courcouronnes")
