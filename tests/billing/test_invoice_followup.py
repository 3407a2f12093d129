"""The console's invoice list (due and overdue filters, search, pages, French CSV), the
overdue figures on the invoice page, and the portal's side: plans described before
subscribing, prices per network, Coop-ère's contact details, and no other partner's
invoice."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from billing.models import Invoice, Plan
from billing.services import invoices

pytestmark = pytest.mark.calendar_edges

LIST = "/console/partenaires/factures/"


def _at(day: datetime.date):
    return time_machine.travel(
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(11))), tick=False
    )


@pytest.fixture
def three(partner_a, partner_b, network_a, network_b, make_subscription):
    """Issued 10 March 2026 (due 9 April), 1 April (due 1 May), and a paid one."""
    late = invoices.issue_invoice(
        subscription=make_subscription(partner_a, [network_a]),
        issued_on=datetime.date(2026, 3, 10),
    )
    due = invoices.issue_invoice(
        subscription=make_subscription(partner_b, [network_b]),
        issued_on=datetime.date(2026, 4, 1),
    )
    paid = invoices.issue_invoice(
        subscription=make_subscription(partner_a, [network_b]),
        issued_on=datetime.date(2026, 3, 1),
    )
    Invoice.objects.filter(pk=paid.pk).update(status="paid", paid_on=datetime.date(2026, 3, 5))
    return late, due, paid


def _numbers(response) -> list[str]:
    page = response.content.decode()
    return [n for n in sorted(Invoice.objects.values_list("number", flat=True)) if n in page]


def test_due_and_overdue_filters(operator_client, three):
    late, due, paid = three
    with _at(datetime.date(2026, 4, 20)):
        overdue = operator_client.get(LIST, {"state": "overdue"})
        assert _numbers(overdue) == [late.number]
        assert "En retard de 11 jours" in overdue.content.decode()
        assert _numbers(operator_client.get(LIST, {"state": "due"})) == [due.number]
        assert _numbers(operator_client.get(LIST, {"state": "paid"})) == [paid.number]
        everything = operator_client.get(LIST)
        assert set(_numbers(everything)) == {late.number, due.number, paid.number}
        page = operator_client.get(f"{LIST}{late.pk}/").content.decode()
        assert "En retard de 11 jours" in page and "40,00" in page


def test_search_by_partner_or_number_and_bad_filters(operator_client, three):
    late, due, _paid = three
    assert _numbers(operator_client.get(LIST, {"q": "Essonne Habitat"})) == [due.number]
    assert _numbers(operator_client.get(LIST, {"q": late.number})) == [late.number]
    assert _numbers(operator_client.get(LIST, {"q": "SERV-FIN", "state": "void"})) == []
    bad = operator_client.get(LIST, {"state": "n-importe-quoi", "page": "zzz"})
    assert bad.status_code == 200  # an unknown filter shows everything, never a 500


def test_pages_of_fifty(operator_client, three, monkeypatch):
    from billing.views import console_invoices

    monkeypatch.setattr(console_invoices, "PER_PAGE", 2)
    first = operator_client.get(LIST).content.decode()
    assert "Page 1 sur 2" in first and "page=2" in first
    second = operator_client.get(LIST, {"page": 2})
    assert len(_numbers(second)) == 1


def test_csv_export_is_french_and_follows_the_filter(operator_client, three):
    late, _due, _paid = three
    with _at(datetime.date(2026, 4, 20)):
        response = operator_client.get(f"{LIST}export.csv", {"state": "overdue"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffNuméro;Partenaire;Date de facture;Échéance")
    (row,) = text.strip().split("\r\n")[1:]
    cells = row.split(";")
    assert cells[0] == late.number
    assert cells[2:4] == ["10/03/2026", "09/04/2026"]
    assert cells[6] == "1440,00" and cells[9] == "11"


def test_partners_and_residents_cannot_reach_the_list_or_the_csv(
    logged_in, make_partner_user, partner_a, three
):
    client = logged_in(make_partner_user(partner_a, "compta@lisses.fr"))
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}export.csv").status_code == 403


def test_the_portal_describes_every_plan_and_its_price_before_subscribing(
    logged_in, make_partner_user, partner_a
):
    Plan.objects.filter(code="suivi-annuel").update(stripe_price_id="price_test")
    page = logged_in(make_partner_user(partner_a, "compta@lisses.fr"))
    html = page.get("/partenaires/abonnement/").content.decode()
    assert "Suivi d'un réseau autonome : coaching, outils, indicateurs d'impact." in html.replace(
        "&#x27;", "'"
    )
    assert "Accompagnement du lancement d" in html  # invoice-only plans are described too
    assert "1\u202f200,00\u00a0€ HT par réseau et par an" in html or "1 200,00" in html
    assert "1\u202f440,00" in html or "1 440,00" in html  # incl. VAT
    assert "Par facture et virement uniquement" in html


def test_every_portal_page_gives_coopere_contact(logged_in, make_partner_user, partner_a):
    client = logged_in(make_partner_user(partner_a, "compta@lisses.fr"))
    for path in ("/partenaires/", "/partenaires/factures/", "/partenaires/impact/"):
        html = client.get(path).content.decode()
        assert "Contacter Coop-ère" in html and "partenaires@coopere.fr" in html, path


def test_the_portal_shows_due_dates_and_no_other_partners_invoice(
    logged_in, make_partner_user, partner_a, three
):
    late, due, _paid = three
    client = logged_in(make_partner_user(partner_a, "compta@lisses.fr"))
    with _at(datetime.date(2026, 4, 20)):
        html = client.get("/partenaires/factures/").content.decode()
    assert late.number in html and "9 avril 2026" in html and "En retard" in html
    assert due.number not in html
    assert client.get(f"/partenaires/factures/{due.pk}.pdf").status_code == 404


def test_my_subscriptions_show_the_price_per_network(
    logged_in, make_partner_user, partner_a, partner_b, network_a, network_b, make_subscription
):
    make_subscription(partner_a, [network_a, network_b])
    make_subscription(partner_b, [network_a], purchase_order_ref="Secret de B")
    html = logged_in(make_partner_user(partner_a, "compta@lisses.fr")).get("/partenaires/")
    html = html.content.decode()
    assert "HT par réseau et par an × 2 = 2\u202f400,00" in html
    assert "Secret de B" not in html and "Essonne Habitat" not in html
