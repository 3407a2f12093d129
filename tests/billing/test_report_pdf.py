"""The partner's impact report as a PDF (WeasyPrint): all 24 months are in it, on pages
its tables split across (headers repeated), never cut at the page's edge.

No PDF text extractor is needed: the view's own WeasyPrint document (pages and boxes) is
read through a spy on `frontend.pdf.html_to_document`, then written to the PDF served."""

# Fixtures come from portal_support (imported, then used as arguments).
# ruff: noqa: F811

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from frontend import pdf as pdf_module
from tests.billing.portal_support import (  # noqa: F401
    as_user,
    make_snapshot,
    make_subscription,
    month_ago,
    partner_one,
    stripe_plan,
    user_one,
)

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def documents(monkeypatch):
    """Every WeasyPrint document the request lays out, kept for the test to read."""
    made = []
    real = pdf_module.html_to_document

    def spy(html, base_url):
        made.append(real(html, base_url))
        return made[-1]

    monkeypatch.setattr(pdf_module, "html_to_document", spy)
    return made


def texts_by_page(document) -> list[list]:
    """The text boxes of each page (text, left edge, right edge), in CSS pixels."""
    from weasyprint.formatting_structure.boxes import TextBox

    pages = []
    for page in document.pages:
        boxes = [b for b in page._page_box.descendants() if isinstance(b, TextBox)]
        pages.append([(b.text, b.position_x, b.position_x + b.width) for b in boxes])
    return pages


@pytest.mark.parametrize(
    "now",
    [
        datetime.datetime(2026, 12, 31, 23, 59, tzinfo=PARIS),
        datetime.datetime(2028, 2, 29, 10, 0, tzinfo=PARIS),
    ],
    ids=["new-year-eve", "leap-day"],
)
def test_the_report_pdf_shows_all_24_months_uncut(
    db, as_user, user_one, partner_one, stripe_plan, network_a, network_b, documents, now
):
    with time_machine.travel(now, tick=False):
        make_subscription(
            partner_one,
            stripe_plan,
            [network_a, network_b],
            current_period_start=month_ago(24),
            current_period_end=month_ago(-12),
        )
        for months in range(24):
            make_snapshot(network_a, months, residents=100 + months, exchanges_done=months)
            make_snapshot(network_b, months, residents=300 + months, cafes_held=1)
        response = as_user(user_one).get(
            reverse("portal:report_pdf", urlconf="coopere.urls_public")
        )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    labels = [label for label, _value in response.context["charts"][0].points]
    assert len(labels) == 24 and len(set(labels)) == 24

    (document,) = documents
    pages = texts_by_page(document)
    # Each month's label whole on one line ("Mar 26", not "Mar" above "26").
    lines = {t.strip() for page in pages for t, _l, _r in page}
    missing = [label for label in labels if label not in lines]
    assert not missing, f"months missing from the PDF: {missing}"

    # Wherever the month-by-month table goes on, its header row comes with it.
    months_pages = [
        i for i, page in enumerate(pages) if any(t.strip() in labels for t, *_x in page)
    ]
    assert months_pages, "no month-by-month table in the PDF"
    for i in months_pages:
        assert "Mois" in [t for t, _l, _r in pages[i]], f"page {i + 1} has no header row"

    # Nothing runs past a page's right edge (a cut table would).
    width = document.pages[0].width
    overflowing = [(t, round(r)) for page in pages for t, _l, r in page if r > width + 0.5]
    assert not overflowing, overflowing[:10]
