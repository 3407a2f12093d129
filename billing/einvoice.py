"""Factur-X (EN 16931 profile): the invoice's and the credit note's structured data.

The `factur-x` library writes the UN/CEFACT CII XML from EN 16931 business terms (BT-…)
and checks it against the profile's XSD; then it embeds that XML in the PDF/A-3 that
WeasyPrint drew from the same template people read. One file serves a human and a
machine: the partner's accounting software, and Chorus Pro for public buyers.

Chorus Pro reads the buyer's service code in BT-10 (buyer reference) and the purchase
order — the « engagement juridique » — in BT-13; the buyer's SIRET is its legal
identifier (scheme 0002).
"""

import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import override

from billing.models import CreditNote, Invoice

PROFILE = "en16931"
SIRET_SCHEME = "0002"
TYPE_INVOICE, TYPE_CREDIT_NOTE = "380", "381"
# VAT categories (UNTDID 5305): standard rate, or exempt (franchise en base, art. 293 B).
VAT_STANDARD, VAT_EXEMPT = "S", "E"
EXEMPTION_TEXT = "TVA non applicable, art. 293 B du CGI"
EXEMPTION_CODE = "VATEX-FR-FRANCHISE"
UNIT_CODE = "C62"  # "one": a network covered for the period
SEPA_CREDIT_TRANSFER = "58"
_POSTCODE_CITY = re.compile(r"^\s*(\d{5})\s+(.+?)\s*$")


def amount(cents: int) -> str:
    return str((Decimal(cents) / 100).quantize(Decimal("0.01")))


def percent(rate_bp: int) -> str:
    return str((Decimal(rate_bp) / 100).quantize(Decimal("0.01")))


def _address(text: str) -> dict:
    """A French postal address typed as lines: street lines, then "91000 Évry"."""
    lines = [line.strip() for line in text.replace("\\n", "\n").splitlines() if line.strip()]
    found = {"country_code": "FR"}
    for index, line in enumerate(lines):
        match = _POSTCODE_CITY.match(line)
        if match:
            found["postcode"], found["city"] = match.groups()
            lines = lines[:index] + lines[index + 1 :]
            break
    for key, line in zip(("addr_l1", "addr_l2", "addr_l3"), lines, strict=False):
        found[key] = line
    return found


def _seller(seller: dict) -> dict:
    party = {
        "name": seller["name"],
        "legal_identifier": seller["siret"],
        "legal_identifier_schemeid": SIRET_SCHEME,
        "vat_identifier": seller["vat_number"].replace(" ", ""),
        **_address(seller["address"]),
    }
    return party


def _buyer(name: str, address: str, siret: str) -> dict:
    party = {"name": name, **_address(address)}
    if siret:
        party["legal_identifier"] = siret
        party["legal_identifier_schemeid"] = SIRET_SCHEME
    return party


def _vat_breakdown(lines) -> list[dict]:
    """One row per VAT rate: base and tax, as summed on our invoice (VAT per line)."""
    by_rate: dict[int, list[int]] = {}
    for line in lines:
        base, tax = by_rate.setdefault(line.vat_rate_bp, [0, 0])
        by_rate[line.vat_rate_bp] = [base + line.total_excl_tax_cents, tax + line.vat_cents]
    rows = []
    for rate_bp, (base, tax) in sorted(by_rate.items()):
        row = {
            "BT-116": amount(base),
            "BT-117": amount(tax),
            "BT-118": VAT_STANDARD if rate_bp else VAT_EXEMPT,
            "BT-119": percent(rate_bp),
        }
        if not rate_bp:
            row["BT-120"] = EXEMPTION_TEXT
            row["BT-121"] = EXEMPTION_CODE
        rows.append(row)
    return rows


def _lines(lines, period_start, period_end) -> list[dict]:
    rows = []
    for index, line in enumerate(lines, start=1):
        row = {
            "BT-126": str(index),
            "BT-129": str(line.quantity),
            "BT-130": UNIT_CODE,
            "BT-131": amount(line.total_excl_tax_cents),
            "BT-146": amount(line.unit_price_cents),
            "BT-151": VAT_STANDARD if line.vat_rate_bp else VAT_EXEMPT,
            "BT-152": percent(line.vat_rate_bp),
            "BT-153": line.description[:200],
        }
        if period_start and period_end:
            row["BT-134"], row["BT-135"] = period_start, period_end
        rows.append(row)
    return rows


def _data(
    *,
    number: str,
    type_code: str,
    issued_on: datetime.date,
    due_on: datetime.date | None,
    buyer: dict,
    service_code: str,
    purchase_order: str,
    lines: list,
    totals: tuple[int, int, int],
    seller: dict,
    period: tuple,
) -> dict:
    excl, vat, total = totals
    data = {
        "BT-1": number,
        "BT-2": issued_on,
        "BT-3": type_code,
        "BT-5": "EUR",
        "BT-24": "urn:cen.eu:en16931:2017",
        "BG-4": _seller(seller),
        "BG-7": buyer,
        "BG-23": _vat_breakdown(lines),
        "BG-25": _lines(lines, *period),
        "BT-106": amount(sum(line.total_excl_tax_cents for line in lines)),
        "BT-109": amount(excl),
        "BT-110": amount(vat),
        "BT-112": amount(total),
        "BT-115": amount(total),
        "BT-81": SEPA_CREDIT_TRANSFER,
        "BT-83": number,
        # The delivery block may not be empty: the service starts with the period.
        "BT-72": period[0] or issued_on,
    }
    if seller.get("iban"):
        data["BT-84"] = seller["iban"].replace(" ", "")
    if due_on:
        data["BT-9"] = due_on
    if service_code:
        data["BT-10"] = service_code
    if purchase_order:
        data["BT-13"] = purchase_order
    if all(period):
        data["BT-73"], data["BT-74"] = period
    return data


def _period(invoice: Invoice) -> tuple:
    sub = invoice.subscription
    if sub is None:
        return (None, None)
    return (sub.current_period_start, sub.current_period_end)


def invoice_data(invoice: Invoice, seller: dict) -> dict:
    """The EN 16931 terms of a manual invoice (loaded by selectors.invoice_for_document)."""
    lines = list(invoice.lines.all())
    with override("fr"):
        data = _data(
            number=invoice.number,
            type_code=TYPE_INVOICE,
            issued_on=invoice.issued_on,
            due_on=invoice.due_on,
            buyer=_buyer(invoice.buyer_name, invoice.buyer_address, invoice.buyer_siret),
            service_code=invoice.buyer_service_code,
            purchase_order=invoice.purchase_order_ref,
            lines=lines,
            totals=(invoice.total_excl_tax_cents, invoice.vat_cents, invoice.total_cents),
            seller=seller,
            period=_period(invoice),
        )
        data["BT-20"] = _("Payment by bank transfer within %(days)s days.") % {
            "days": (invoice.due_on - invoice.issued_on).days if invoice.due_on else 0
        }
    return data


def credit_note_data(note: CreditNote, seller: dict) -> dict:
    """A credit note cancelling its invoice in full: the same lines and amounts (positive,
    as EN 16931 wants for type 381), and the invoice it cancels (BG-3)."""
    invoice = note.invoice
    data = _data(
        number=note.number,
        type_code=TYPE_CREDIT_NOTE,
        issued_on=note.issued_on,
        due_on=None,
        buyer=_buyer(note.buyer_name, note.buyer_address, note.buyer_siret),
        service_code=note.buyer_service_code,
        purchase_order=invoice.purchase_order_ref,
        lines=list(invoice.lines.all()),
        totals=(note.total_excl_tax_cents, note.vat_cents, note.total_cents),
        seller=seller,
        period=_period(invoice),
    )
    data["BG-3"] = [{"BT-25": invoice.number, "BT-26": invoice.issued_on}]
    data["BG-1"] = [{"BT-22": note.reason[:500]}]
    return data


def cii_xml(data: dict) -> bytes:
    """The CII XML of `data`, checked against the EN 16931 profile's XSD (raises if not)."""
    from facturx import generate_xml

    # The schematron needs a Saxon server: only the XSD is checked here (and in the tests).
    return generate_xml(data, flavor="factur-x", level=PROFILE, check_schematron=False)


def facturx_pdf(pdf_a3: bytes, xml: bytes, *, title: str, author: str) -> bytes:
    """The PDF/A-3 with `xml` embedded as factur-x.xml and Factur-X's XMP metadata."""
    from facturx import generate_from_binary

    return generate_from_binary(
        pdf_a3,
        xml,
        flavor="factur-x",
        level=PROFILE,
        check_xsd=True,
        pdf_metadata={
            "author": author,
            "keywords": "Factur-X",
            "title": title,
            "subject": title,
        },
        lang="fr-FR",
    )
