"""The Stripe gateway, faked at the HTTP layer with `responses`: each call's method, path,
headers and form body are what Stripe expects; errors become French messages."""

# Fixtures come from portal_support (imported, then used as arguments).
# ruff: noqa: F811

from urllib.parse import parse_qs

import pytest
import responses
import stripe
from django.conf import settings

from billing import gateway
from tests.billing.portal_support import PRICE_ID, partner_one  # noqa: F401

API = settings.STRIPE_API_BASE


def form_of(call) -> dict:
    return {k: v if len(v) > 1 else v[0] for k, v in parse_qs(call.request.body).items()}


def test_the_test_settings_point_at_a_closed_port_so_a_forgotten_fake_fails_fast(partner_one):
    assert settings.STRIPE_API_BASE == "http://127.0.0.1:9"
    with pytest.raises(gateway.GatewayError) as caught:
        gateway.ensure_customer(gateway.make_client(), partner=partner_one)
    assert "ne peut pas être joint" in caught.value.message
    assert stripe.api_key is None  # no global key: the client carries it


@responses.activate
def test_customer_is_created_once_with_the_partner_in_metadata(partner_one):
    responses.post(f"{API}/v1/customers", json={"id": "cus_new", "object": "customer"})
    client = gateway.make_client()
    assert gateway.ensure_customer(client, partner=partner_one, email="elise@evry.test") == (
        "cus_new"
    )
    (call,) = responses.calls
    assert call.request.method == "POST"
    assert call.request.headers["Authorization"] == f"Bearer {settings.STRIPE_SECRET_KEY}"
    assert call.request.headers["Stripe-Version"] == settings.STRIPE_API_VERSION
    assert call.request.headers["Idempotency-Key"] == f"coopere-customer-{partner_one.pk}"
    body = form_of(call)
    assert body["name"] == "Ville d'Évry-Courcouronnes"
    assert body["email"] == "elise@evry.test"
    assert body["metadata[coopere_partner_id]"] == str(partner_one.pk)
    assert body["metadata[siret]"] == partner_one.siret
    # Known customer: no call at all.
    partner_one.stripe_customer_id = "cus_known"
    assert gateway.ensure_customer(client, partner=partner_one) == "cus_known"
    assert len(responses.calls) == 1


@responses.activate
def test_checkout_session_asks_for_one_unit_per_network_by_card_or_sepa():
    responses.post(
        f"{API}/v1/checkout/sessions",
        json={"id": "cs_1", "object": "checkout.session", "url": "https://checkout.test/cs_1"},
    )
    session_id, url = gateway.create_checkout_session(
        gateway.make_client(),
        customer_id="cus_1",
        price_id=PRICE_ID,
        quantity=3,
        subscription_id=42,
        partner_id=7,
        success_url="http://coopere.localhost/partenaires/abonnement/merci/?session_id={CHECKOUT_SESSION_ID}",
        cancel_url="http://coopere.localhost/partenaires/abonnement/42/interrompu/",
    )
    assert (session_id, url) == ("cs_1", "https://checkout.test/cs_1")
    (call,) = responses.calls
    assert call.request.method == "POST"
    assert call.request.url == f"{API}/v1/checkout/sessions"
    body = form_of(call)
    assert body["mode"] == "subscription"
    assert body["customer"] == "cus_1"
    assert body["line_items[0][price]"] == PRICE_ID
    assert body["line_items[0][quantity]"] == "3"
    assert body["payment_method_types[0]"] == "card"
    assert body["payment_method_types[1]"] == "sepa_debit"
    assert body["client_reference_id"] == "42"
    assert body["metadata[coopere_subscription_id]"] == "42"
    assert body["metadata[coopere_partner_id]"] == "7"
    assert body["subscription_data[metadata][coopere_subscription_id]"] == "42"
    assert body["success_url"].endswith("?session_id={CHECKOUT_SESSION_ID}")
    assert body["cancel_url"].endswith("/42/interrompu/")
    assert body["locale"] == "fr"
    assert call.request.headers["Idempotency-Key"] == "coopere-checkout-42"


@responses.activate
def test_billing_portal_link_and_invoice_list():
    responses.post(
        f"{API}/v1/billing_portal/sessions",
        json={"id": "bps_1", "object": "billing_portal.session", "url": "https://portal.test/x"},
    )
    responses.get(
        f"{API}/v1/invoices",
        json={
            "object": "list",
            "has_more": False,
            "data": [{"id": "in_1", "object": "invoice", "number": "ABC-0001"}],
        },
    )
    client = gateway.make_client()
    url = gateway.create_billing_portal_session(
        client, customer_id="cus_1", return_url="http://coopere.localhost/partenaires/"
    )
    assert url == "https://portal.test/x"
    invoices = gateway.list_invoices(client, customer_id="cus_1")
    assert [i.number for i in invoices] == ["ABC-0001"]
    portal_call, list_call = responses.calls
    assert form_of(portal_call) == {
        "customer": "cus_1",
        "return_url": "http://coopere.localhost/partenaires/",
        "locale": "fr",
    }
    assert list_call.request.method == "GET"
    assert parse_qs(list_call.request.url.split("?", 1)[1]) == {
        "customer": ["cus_1"],
        "limit": ["50"],
    }


@pytest.mark.parametrize(
    ("status", "error", "expected"),
    [
        (402, {"type": "card_error", "message": "Your card was declined."}, "a refusé"),
        (401, {"type": "invalid_request_error", "message": "Invalid API Key"}, "pas disponible"),
        (500, {"type": "api_error", "message": "boom"}, "a refusé"),
    ],
)
@responses.activate
def test_stripe_errors_become_french_messages(status, error, expected):
    responses.post(f"{API}/v1/checkout/sessions", status=status, json={"error": error})
    with pytest.raises(gateway.GatewayError) as caught:
        gateway.create_checkout_session(
            gateway.make_client(),
            customer_id="cus_1",
            price_id=PRICE_ID,
            quantity=1,
            subscription_id=1,
            partner_id=1,
            success_url="http://x/ok",
            cancel_url="http://x/ko",
        )
    assert expected in caught.value.message
