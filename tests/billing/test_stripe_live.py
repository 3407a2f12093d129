"""Opt-in: the gateway against Stripe's *test mode*, only when STRIPE_TEST_SECRET_KEY is set
(an `sk_test_` key; a live key is refused). Run: STRIPE_TEST_SECRET_KEY=sk_test_... pytest
-m stripe_live tests/billing/test_stripe_live.py. It creates a customer, a yearly price and
a Checkout Session in the test account, then deletes the customer."""

# Fixtures come from portal_support (imported, then used as arguments).
# ruff: noqa: F811

import os

import pytest
from django.test import override_settings

from billing import gateway
from tests.billing.portal_support import partner_one  # noqa: F401

KEY = os.environ.get("STRIPE_TEST_SECRET_KEY", "")

pytestmark = [
    pytest.mark.stripe_live,
    pytest.mark.skipif(not KEY, reason="STRIPE_TEST_SECRET_KEY not set: Stripe test mode skipped"),
]


@pytest.fixture
def live_client():
    if not KEY.startswith(("sk_test_", "rk_test_")):
        pytest.fail("STRIPE_TEST_SECRET_KEY must be a test-mode key (sk_test_...)")
    with override_settings(STRIPE_SECRET_KEY=KEY, STRIPE_API_BASE="https://api.stripe.com"):
        yield gateway.make_client()


def test_customer_and_checkout_session_in_test_mode(live_client, partner_one):
    customer_id = gateway.ensure_customer(live_client, partner=partner_one, email="t@coopere.test")
    try:
        assert customer_id.startswith("cus_")
        price = live_client.v1.prices.create(
            params={
                "currency": "eur",
                "unit_amount": 120000,
                "recurring": {"interval": "year"},
                "product_data": {"name": "Coop-ère — test automatique"},
            }
        )
        session_id, url = gateway.create_checkout_session(
            live_client,
            customer_id=customer_id,
            price_id=price.id,
            quantity=3,
            subscription_id=999999,
            partner_id=partner_one.pk,
            success_url="https://coopere.example/partenaires/abonnement/merci/?session_id={CHECKOUT_SESSION_ID}",
            cancel_url="https://coopere.example/partenaires/abonnement/999999/interrompu/",
        )
        assert session_id.startswith("cs_test_")
        assert url.startswith("https://checkout.stripe.com/")
        session = live_client.v1.checkout.sessions.retrieve(session_id)
        assert session.metadata["coopere_subscription_id"] == "999999"
        assert session.client_reference_id == "999999"
        assert gateway.list_invoices(live_client, customer_id=customer_id) == []
        live_client.v1.checkout.sessions.expire(session_id)
    finally:
        live_client.v1.customers.delete(customer_id)


def test_a_wrong_key_gives_the_french_message(partner_one):
    with (
        override_settings(
            STRIPE_SECRET_KEY="sk_test_wrong", STRIPE_API_BASE="https://api.stripe.com"
        ),
        pytest.raises(gateway.GatewayError) as caught,
    ):
        gateway.ensure_customer(gateway.make_client(), partner=partner_one)
    assert caught.value.message
