"""The partner portal (/partenaires/): who may enter, what a partner sees (its networks,
invoices and subscriptions only), subscribing through Checkout (Stripe faked with
`responses`), the impact pages, CSV, printable report and PDF, and the read-only summary
of a network whose subscription ended."""

# Fixtures come from portal_support (imported, then used as arguments).
# ruff: noqa: F811

import datetime
import html
from urllib.parse import parse_qs

import pytest
import responses
from django.conf import settings
from django.urls import reverse as django_reverse

from billing.models import Invoice, Partner, Plan, Subscription
from coopere.accounts.models import User
from coopere.accounts.services import create_operator
from tests.billing.portal_support import (  # noqa: F401
    PRICE_ID,
    as_user,
    make_partner_user,
    make_snapshot,
    make_subscription,
    month_ago,
    partner_one,
    partner_two,
    stripe_plan,
    user_one,
    user_two,
)

API = settings.STRIPE_API_BASE


def reverse(name, args=()):
    return django_reverse(name, args=args, urlconf="coopere.urls_public")


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def two_partners(partner_one, partner_two, stripe_plan, network_a, network_b):
    """Partner one covers network A, partner two covers network B; each has an invoice."""
    subs = {
        "one": make_subscription(
            partner_one,
            stripe_plan,
            [network_a],
            current_period_start=datetime.date(2026, 1, 1),
            current_period_end=datetime.date(2026, 12, 31),
        ),
        "two": make_subscription(
            partner_two,
            stripe_plan,
            [network_b],
            current_period_start=datetime.date(2026, 1, 1),
            current_period_end=datetime.date(2026, 12, 31),
        ),
    }
    for key, partner, sub in [("one", partner_one, subs["one"]), ("two", partner_two, subs["two"])]:
        Invoice.objects.create(
            partner=partner,
            subscription=sub,
            source=Invoice.Source.STRIPE,
            number=f"STRIPE-{key.upper()}-0001",
            stripe_invoice_id=f"in_{key}",
            status=Invoice.Status.PAID,
            issued_on=datetime.date(2026, 1, 2),
            total_cents=144000,
            vat_cents=24000,
            total_excl_tax_cents=120000,
            hosted_invoice_url=f"https://invoice.stripe.com/i/in_{key}",
        )
    for months in range(24):
        make_snapshot(network_a, months, residents=100 + months, exchanges_done=7)
        make_snapshot(network_b, months, residents=900 + months, exchanges_done=9)
    return subs


def page_urls(network_id: int, sub_id: int, invoice_id: int) -> list[str]:
    return [
        reverse("portal:home"),
        reverse("portal:subscribe"),
        reverse("portal:checkout_done"),
        reverse("portal:checkout_cancelled", args=[sub_id]),
        reverse("portal:invoices"),
        reverse("portal:invoice_pdf", args=[invoice_id]),
        reverse("portal:impact"),
        reverse("portal:impact_csv"),
        reverse("portal:network", args=[network_id]),
        reverse("portal:report"),
        reverse("portal:report_pdf"),
    ]


# --- Who may enter ----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(as_user, two_partners, network_a):
    client = as_user(None)
    sub = two_partners["one"]
    for url in page_urls(network_a.pk, sub.pk, sub.invoices.get().pk):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url
    post_only = [reverse("portal:billing_portal"), reverse("portal:refresh_invoices")]
    for url in post_only:
        assert client.post(url).status_code == 302


def test_operators_residents_and_partner_users_without_partner_get_403(
    as_user, two_partners, network_a
):
    operator = create_operator(email="coach@coopere.test", password="x" * 12, first_name="Nadia")
    resident = User.objects.create_user(email="r@public.test", password="x" * 12, first_name="R")
    orphan = User.objects.create_user(
        email="o@partner.test", password="x" * 12, first_name="O", kind=User.Kind.PARTNER
    )
    sub = two_partners["one"]
    for user in (operator, resident, orphan):
        client = as_user(user)
        for url in page_urls(network_a.pk, sub.pk, sub.invoices.get().pk):
            assert client.get(url).status_code == 403, (user.kind, url)


def test_the_portal_does_not_exist_on_a_network_host(client_for, network_a):
    assert client_for(network_a).get("/partenaires/").status_code == 404


# --- Isolation --------------------------------------------------------------------------------


def test_partner_one_never_sees_partner_twos_networks_invoices_or_subscriptions(
    as_user, user_one, two_partners, network_a, network_b
):
    client = as_user(user_one)
    for url in [
        reverse("portal:home"),
        reverse("portal:invoices"),
        reverse("portal:impact"),
        reverse("portal:report"),
    ]:
        body = text(client.get(url))
        assert "Réseau B" not in body, url
        assert "STRIPE-TWO" not in body and "in_two" not in body, url
        if url != reverse("portal:invoices"):
            assert "Réseau A" in body, url
    assert "STRIPE-ONE-0001" in text(client.get(reverse("portal:home")))
    assert "https://invoice.stripe.com/i/in_one" in text(client.get(reverse("portal:invoices")))
    csv_body = client.get(reverse("portal:impact_csv")).content.decode()
    assert "Réseau A" in csv_body and "Réseau B" not in csv_body
    assert ";907;" not in csv_body  # B's residents figures

    # Direct URLs with partner two's ids: 404, and nothing changes.
    theirs = two_partners["two"]
    their_invoice = theirs.invoices.get()
    for url in [
        reverse("portal:network", args=[network_b.pk]),
        reverse("portal:impact_csv") + f"?reseau={network_b.pk}",
        reverse("portal:impact") + f"?reseau={network_b.pk}",
        reverse("portal:report") + f"?reseau={network_b.pk}",
        reverse("portal:report_pdf") + f"?reseau={network_b.pk}",
        reverse("portal:checkout_cancelled", args=[theirs.pk]),
        reverse("portal:invoice_pdf", args=[their_invoice.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    theirs.status = Subscription.Status.PENDING
    theirs.save()
    response = client.post(reverse("portal:checkout_cancelled", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Subscription.Status.PENDING


def test_a_pending_subscription_covers_nothing_yet(
    as_user, user_one, partner_one, stripe_plan, network_b
):
    make_subscription(partner_one, stripe_plan, [network_b], status="pending")
    client = as_user(user_one)
    assert client.get(reverse("portal:network", args=[network_b.pk])).status_code == 404
    assert "Réseau B" not in client.get(reverse("portal:impact")).content.decode()


# --- Subscribing through Checkout -----------------------------------------------------------


def test_the_subscribe_form_has_labelled_fields(as_user, user_one, stripe_plan, network_a):
    body = as_user(user_one).get(reverse("portal:subscribe")).content.decode()
    assert f'<label for="plan-{stripe_plan.code}">' in body
    assert f'<label for="network-{network_a.pk}">Réseau A' in body
    assert "<legend>Réseaux couverts</legend>" in body
    assert "suivi-annuel" not in body  # no Stripe price: not sold online


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"plan": "suivi-stripe"}, "networks", "Choisissez au moins un réseau"),
        ({"plan": "suivi-stripe", "networks": ["999999"]}, "networks", "au moins un réseau"),
        ({"plan": "inconnu", "networks": ["A"]}, "plan", "Choisissez l'une des formules"),
        ({"plan": "suivi-annuel", "networks": ["A"]}, "plan", "Choisissez l'une des formules"),
        ({"networks": ["A"]}, "plan", "Choisissez l'une des formules"),
        ({}, "plan", "Choisissez l'une des formules"),  # an empty POST (was a 500)
    ],
)
@responses.activate
def test_bad_choices_give_a_french_error_and_write_nothing(
    as_user, user_one, stripe_plan, network_a, data, field, message
):
    data = {**data}
    data["networks"] = [str(network_a.pk) if n == "A" else n for n in data.get("networks", [])]
    response = as_user(user_one).post(reverse("portal:subscribe"), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in text(response)
    assert not Subscription.objects.exists()
    assert not responses.calls  # Stripe was not even asked


def test_a_network_already_covered_cannot_be_bought_twice(
    as_user, user_one, partner_one, stripe_plan, network_a, network_b
):
    make_subscription(partner_one, stripe_plan, [network_a])
    response = as_user(user_one).post(
        reverse("portal:subscribe"),
        {"plan": stripe_plan.code, "networks": [network_a.pk, network_b.pk]},
    )
    assert "Couverture déjà assurée par l'un de vos abonnements : Réseau A." in text(response)
    assert Subscription.objects.count() == 1


@responses.activate
def test_subscribing_for_two_networks_creates_a_pending_row_and_goes_to_checkout(
    as_user, user_one, partner_one, stripe_plan, network_a, network_b
):
    responses.post(f"{API}/v1/customers", json={"id": "cus_one", "object": "customer"})
    responses.post(
        f"{API}/v1/checkout/sessions",
        json={"id": "cs_one", "object": "checkout.session", "url": "https://checkout.test/cs"},
    )
    response = as_user(user_one).post(
        reverse("portal:subscribe"),
        {"plan": stripe_plan.code, "networks": [network_a.pk, network_b.pk]},
    )
    assert response.status_code == 302
    assert response["Location"] == "https://checkout.test/cs"
    sub = Subscription.objects.get()
    assert (sub.partner, sub.plan, sub.status, sub.source) == (
        partner_one,
        stripe_plan,
        "pending",
        "stripe",
    )
    assert set(sub.networks.all()) == {network_a, network_b}
    assert sub.stripe_checkout_session_id == "cs_one"
    assert Partner.objects.get(pk=partner_one.pk).stripe_customer_id == "cus_one"
    customer_call, session_call = responses.calls
    assert parse_qs(customer_call.request.body)["email"] == ["elise@evry.test"]
    body = parse_qs(session_call.request.body)
    assert body["line_items[0][quantity]"] == ["2"]
    assert body["line_items[0][price]"] == [PRICE_ID]
    assert body["customer"] == ["cus_one"]
    assert body["metadata[coopere_subscription_id]"] == [str(sub.pk)]
    assert body["metadata[coopere_partner_id]"] == [str(partner_one.pk)]
    assert body["client_reference_id"] == [str(sub.pk)]
    assert body["success_url"] == [
        "http://coopere.localhost/partenaires/abonnement/merci/?session_id={CHECKOUT_SESSION_ID}"
    ]
    assert body["cancel_url"] == [
        f"http://coopere.localhost/partenaires/abonnement/{sub.pk}/interrompu/"
    ]
    # The partner comes back without paying and abandons the request.
    client = as_user(user_one)
    page = client.get(reverse("portal:checkout_cancelled", args=[sub.pk]))
    assert "Abandonner cette demande" in page.content.decode()
    client.post(reverse("portal:checkout_cancelled", args=[sub.pk]))
    sub.refresh_from_db()
    assert sub.status == "canceled"


@responses.activate
def test_when_stripe_refuses_nothing_is_written(
    as_user, user_one, partner_one, stripe_plan, network_a
):
    responses.post(f"{API}/v1/customers", json={"id": "cus_one", "object": "customer"})
    responses.post(
        f"{API}/v1/checkout/sessions",
        status=400,
        json={"error": {"type": "invalid_request_error", "message": "No such price"}},
    )
    response = as_user(user_one).post(
        reverse("portal:subscribe"), {"plan": stripe_plan.code, "networks": [network_a.pk]}
    )
    assert response.status_code == 200
    assert "Le service de paiement a refusé la demande" in response.content.decode()
    assert not Subscription.objects.exists()
    assert Partner.objects.get(pk=partner_one.pk).stripe_customer_id == ""


def test_when_stripe_cannot_be_reached_the_partner_is_told_in_french(
    as_user, user_one, stripe_plan, network_a
):
    response = as_user(user_one).post(  # no fake: the closed port answers at once
        reverse("portal:subscribe"), {"plan": stripe_plan.code, "networks": [network_a.pk]}
    )
    assert "ne peut pas être joint" in response.content.decode()
    assert not Subscription.objects.exists()


@responses.activate
def test_billing_portal_link(as_user, user_one, partner_one):
    client = as_user(user_one)
    response = client.post(reverse("portal:billing_portal"), follow=True)
    assert "il n'y a rien à gérer" in text(response)
    partner_one.stripe_customer_id = "cus_one"
    partner_one.save()
    responses.post(
        f"{API}/v1/billing_portal/sessions",
        json={"id": "bps_1", "object": "billing_portal.session", "url": "https://portal.test/s"},
    )
    response = client.post(reverse("portal:billing_portal"))
    assert response["Location"] == "https://portal.test/s"
    body = parse_qs(responses.calls[0].request.body)
    assert body["customer"] == ["cus_one"]
    assert body["return_url"] == ["http://coopere.localhost/partenaires/"]


# --- Invoices -----------------------------------------------------------------------------


@responses.activate
def test_invoices_fetched_from_stripe_are_listed_with_their_hosted_page(
    as_user, user_one, partner_one
):
    partner_one.stripe_customer_id = "cus_one"
    partner_one.save()
    from tests.billing.portal_support import stripe_invoice

    responses.get(
        f"{API}/v1/invoices",
        json={
            "object": "list",
            "data": [
                stripe_invoice("in_a", customer="cus_one", number="AB-0002", sub_id="sub_x"),
                stripe_invoice(
                    "in_b", customer="cus_one", number="AB-0001", status="open", sub_id="sub_x"
                ),
                {**stripe_invoice("in_c", customer="cus_one"), "status": "draft", "number": None},
            ],
        },
    )
    client = as_user(user_one)
    client.post(reverse("portal:refresh_invoices"))
    assert set(Invoice.objects.values_list("number", "status")) == {
        ("AB-0002", "paid"),
        ("AB-0001", "issued"),
    }
    body = client.get(reverse("portal:invoices")).content.decode()
    assert "https://invoice.stripe.com/i/in_a" in body
    assert "4\u202f320,00\u00a0€" in body or "4 320,00" in body or "4320,00" in body


def test_a_manual_invoice_is_downloaded_as_a_pdf(as_user, user_one, partner_one, stripe_plan):
    invoice = Invoice.objects.create(
        partner=partner_one,
        source=Invoice.Source.MANUAL,
        number="FA-2026-0007",
        year=2026,
        sequence=7,
        status=Invoice.Status.ISSUED,
        issued_on=datetime.date(2026, 11, 2),
        buyer_name=partner_one.legal_name,
        buyer_address=partner_one.billing_address,
        buyer_siret=partner_one.siret,
        total_cents=144000,
        vat_cents=24000,
        total_excl_tax_cents=120000,
    )
    invoice.lines.create(
        description="Suivi annuel", quantity=1, unit_price_cents=120000, vat_rate_bp=2000
    )
    response = as_user(user_one).get(reverse("portal:invoice_pdf", args=[invoice.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- Impact --------------------------------------------------------------------------------


def test_impact_compares_the_last_12_months_with_the_12_before(
    as_user, user_one, partner_one, stripe_plan, network_a
):
    make_subscription(partner_one, stripe_plan, [network_a])
    for months in range(24):
        make_snapshot(
            network_a,
            months,
            residents=200 - months,
            exchanges_done=2 if months < 12 else 1,
            cafes_held=1,
        )
    response = as_user(user_one).get(reverse("portal:impact"))
    assert response.status_code == 200
    lines = {line["name"]: line for line in response.context["comparison"]["lines"]}
    assert (lines["exchanges_done"]["recent"], lines["exchanges_done"]["previous"]) == (24, 12)
    assert lines["exchanges_done"]["percent"] == 100
    assert (lines["residents"]["recent"], lines["residents"]["previous"]) == (200, 188)
    assert lines["cafes_held"]["change"] == 0
    body = response.content.decode()
    assert "Structuration" in body  # network A's phase
    assert body.count("<svg") == 6
    assert body.count('<table class="table compact">') == 6  # each chart beside its table
    assert "+100\u00a0%" in html.unescape(body)


def test_network_page_csv_report_and_pdf(as_user, user_one, two_partners, network_a):
    client = as_user(user_one)
    page = client.get(reverse("portal:network", args=[network_a.pk]))
    assert page.status_code == 200
    assert "Réseau A" in page.content.decode()

    csv_response = client.get(reverse("portal:impact_csv") + f"?reseau={network_a.pk}")
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="impact-reseau-a.csv"' in csv_response["Content-Disposition"]
    lines = csv_response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("reseau;mois;foyers_du_perimetre;foyers_touches")
    assert len(lines) == 1 + 24
    assert lines[-1].startswith(f"Réseau A;{month_ago(0):%m/%Y};")

    report = client.get(reverse("portal:report"))
    assert report.status_code == 200
    assert "portal/portal.css" in report.content.decode()
    assert "Ville d'Évry-Courcouronnes" in text(report)

    pdf = client.get(reverse("portal:report_pdf"))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]


# --- A subscription that ended --------------------------------------------------------------


def test_a_lapsed_subscription_keeps_a_read_only_summary_up_to_its_end(
    as_user, user_one, partner_one, stripe_plan, network_b
):
    ended = month_ago(3)  # the coverage ended on the first day of that month
    make_subscription(
        partner_one,
        stripe_plan,
        [network_b],
        status="lapsed",
        source="manual",
        current_period_start=month_ago(15),
        current_period_end=ended,
    )
    for months in range(8):
        make_snapshot(network_b, months, residents=500 + months * 0 + (8 - months))
    client = as_user(user_one)
    home = client.get(reverse("portal:home")).content.decode()
    assert "Réseau B" in home
    assert "Les réseaux que vous ne couvrez plus" in home or "ne couvrez plus" in home

    summary = client.get(reverse("portal:network", args=[network_b.pk]))
    assert summary.status_code == 200
    body = summary.content.decode()
    assert "lecture seule" in body
    rows = summary.context["rows"]
    assert rows and max(r.month for r in rows) == month_ago(4)  # last month begun before end
    assert summary.context["latest"].residents == 504
    assert "<svg" not in body

    # No export of it, and it is not in the report.
    for url in [
        reverse("portal:impact_csv") + f"?reseau={network_b.pk}",
        reverse("portal:report") + f"?reseau={network_b.pk}",
        reverse("portal:report_pdf") + f"?reseau={network_b.pk}",
    ]:
        assert client.get(url).status_code == 404
    assert "Réseau B" not in client.get(reverse("portal:impact_csv")).content.decode()
    assert "Réseau B" not in client.get(reverse("portal:report")).content.decode()


def test_an_abandoned_checkout_leaves_no_summary(
    as_user, user_one, partner_one, stripe_plan, network_b
):
    make_subscription(partner_one, stripe_plan, [network_b], status="canceled")
    client = as_user(user_one)
    assert client.get(reverse("portal:network", args=[network_b.pk])).status_code == 404


def test_residents_keep_their_network_whatever_the_subscription(
    client_for, partner_one, stripe_plan, network_a
):
    make_subscription(partner_one, stripe_plan, [network_a], status="canceled")
    assert client_for(network_a).get("/").status_code == 200


def test_seeded_plans_without_stripe_price_are_not_offered(db):
    from billing.selectors_portal import offered_plans

    assert not offered_plans().filter(code__in=["lancement", "suivi-annuel"]).exists()
    assert Plan.objects.filter(code="suivi-annuel").exists()


def test_the_impact_page_costs_the_same_queries_for_one_network_or_two(
    as_user, user_one, partner_one, stripe_plan, network_a, network_b
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(user_one)
    make_subscription(partner_one, stripe_plan, [network_a])
    make_snapshot(network_a, 0, residents=10)
    client.get(reverse("portal:impact"))  # warm up (session, content types)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("portal:impact")).status_code == 200
    make_subscription(partner_one, stripe_plan, [network_b])
    for months in range(24):
        make_snapshot(network_b, months, residents=20)
    with CaptureQueriesContext(connection) as two:
        body = text(client.get(reverse("portal:impact")))
    assert "Réseau B" in body
    assert len(two.captured_queries) == len(one.captured_queries)
    print(f"\nGET /partenaires/impact/: {len(two.captured_queries)} queries")
