"""The one module that talks to Stripe, through the official library.

Every function receives a configured `stripe.StripeClient` (no global `stripe.api_key`),
made by `make_client()` from the settings: secret key, pinned API version, base address
(tests point it at a closed local port or at a fake) and the `requests` HTTP client, so that
tests fake Stripe at the HTTP layer with `responses`. Nothing here writes to our database:
services call these functions, then write what they got back.

Any Stripe error becomes a `GatewayError` carrying a French-translatable message for the
user; the details go to the log.
"""

import logging

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

log = logging.getLogger("coopere.billing")


class GatewayError(Exception):
    """Stripe refused or could not be reached; `message` is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def make_client() -> stripe.StripeClient:
    """A client for the configured account; read at each call so tests can override it."""
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY or "sk_unset",
        stripe_version=settings.STRIPE_API_VERSION,
        base_addresses={"api": settings.STRIPE_API_BASE},
        http_client=stripe.RequestsClient(timeout=settings.STRIPE_TIMEOUT),
        # No silent retries while a partner waits: they may click again.
        max_network_retries=0,
    )


def _fail(error: stripe.StripeError, doing: str):
    log.warning("Stripe error while %s: %s (%s)", doing, error, type(error).__name__)
    if isinstance(error, stripe.APIConnectionError):
        raise GatewayError(
            _("The payment service cannot be reached right now. Please try again in a moment.")
        ) from error
    if isinstance(error, stripe.AuthenticationError | stripe.PermissionError):
        raise GatewayError(
            _("Online payment is not available at the moment. Please contact Coop-ère.")
        ) from error
    raise GatewayError(
        _("The payment service refused the request. Nothing was recorded; please try again.")
    ) from error


def ensure_customer(client: stripe.StripeClient, *, partner, email: str = "") -> str:
    """The partner's Stripe Customer id, created once (the idempotency key makes a retry
    within 24 hours return the same customer rather than a second one)."""
    if partner.stripe_customer_id:
        return partner.stripe_customer_id
    params = {
        "name": partner.legal_name,
        "metadata": {"coopere_partner_id": str(partner.pk), "siret": partner.siret},
        "preferred_locales": ["fr"],
    }
    if email:
        params["email"] = email
    try:
        customer = client.v1.customers.create(
            params=params, options={"idempotency_key": f"coopere-customer-{partner.pk}"}
        )
    except stripe.StripeError as error:
        _fail(error, "creating a customer")
    return customer.id


def create_checkout_session(
    client: stripe.StripeClient,
    *,
    customer_id: str,
    price_id: str,
    quantity: int,
    subscription_id: int,
    partner_id: int,
    success_url: str,
    cancel_url: str,
) -> tuple[str, str]:
    """A Checkout Session for a yearly subscription (card or SEPA debit), one unit per
    network covered. Our ids travel in the session's and the subscription's metadata, so
    every later event finds our row. Returns (session id, URL to send the partner to)."""
    metadata = {
        "coopere_subscription_id": str(subscription_id),
        "coopere_partner_id": str(partner_id),
    }
    params = {
        "mode": "subscription",
        "customer": customer_id,
        "client_reference_id": str(subscription_id),
        "line_items": [{"price": price_id, "quantity": quantity}],
        "payment_method_types": ["card", "sepa_debit"],
        "success_url": success_url,
        "cancel_url": cancel_url,
        "locale": "fr",
        "metadata": metadata,
        "subscription_data": {"metadata": metadata},
    }
    try:
        session = client.v1.checkout.sessions.create(
            params=params, options={"idempotency_key": f"coopere-checkout-{subscription_id}"}
        )
    except stripe.StripeError as error:
        _fail(error, "creating a checkout session")
    return session.id, session.url


def create_billing_portal_session(
    client: stripe.StripeClient, *, customer_id: str, return_url: str
) -> str:
    """A short-lived link to Stripe's billing portal (payment method, invoices, cancel)."""
    try:
        session = client.v1.billing_portal.sessions.create(
            params={"customer": customer_id, "return_url": return_url, "locale": "fr"}
        )
    except stripe.StripeError as error:
        _fail(error, "creating a billing portal session")
    return session.url


def list_invoices(client: stripe.StripeClient, *, customer_id: str, limit: int = 50) -> list:
    """The customer's latest invoices (newest first), as Stripe objects."""
    try:
        page = client.v1.invoices.list(params={"customer": customer_id, "limit": limit})
    except stripe.StripeError as error:
        _fail(error, "listing invoices")
    return list(page.data)


def retrieve_subscription(client: stripe.StripeClient, subscription_id: str):
    """The subscription as Stripe holds it now (to settle events of the same second)."""
    try:
        return client.v1.subscriptions.retrieve(subscription_id)
    except stripe.StripeError as error:
        _fail(error, "reading a subscription")
