"""The local fake of Stripe's API (`portal_support.FakeStripe`) that live-server and browser
tests use in place of `responses` (the server thread makes the calls): point
STRIPE_API_BASE at it and the whole subscribe → pay → webhook path runs offline."""

# Fixtures come from portal_support (imported, then used as arguments).
# ruff: noqa: F811

import threading

import pytest
import requests
from django.conf import settings
from django.core.cache import cache
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from billing.models import Plan, StripeEvent, Subscription
from tenants.models import Network
from tests.billing.portal_support import (  # noqa: F401
    PRICE_ID,
    FakeStripe,
    as_user,
    checkout_session,
    event,
    make_partner,
    make_partner_user,
    partner_one,
    post_event,
    stripe_plan,
    user_one,
)


def test_subscribe_pay_and_activate_against_the_local_fake(
    as_user, user_one, stripe_plan, network_a, network_b, client_for
):
    with FakeStripe() as fake, override_settings(STRIPE_API_BASE=fake.url):
        response = as_user(user_one).post(
            reverse("portal:subscribe", urlconf="coopere.urls_public"),
            {"plan": stripe_plan.code, "networks": [network_a.pk, network_b.pk]},
        )
        assert response.status_code == 302
        checkout_url = response["Location"]
        assert checkout_url.startswith(f"{fake.url}/pay/cs_fake_")
        page = requests.get(checkout_url, timeout=5).text
        assert "Payer (simulation)" in page
        paid = requests.get(f"{checkout_url}/confirm", allow_redirects=False, timeout=5)
        assert "/partenaires/abonnement/merci/?session_id=cs_fake_" in paid.headers["Location"]
        assert not fake.sent  # no webhook URL given: the test posts the event itself
        methods_paths = [(m, p) for m, p, _form in fake.calls]
        assert methods_paths[:2] == [("POST", "/v1/customers"), ("POST", "/v1/checkout/sessions")]
        form = fake.calls[1][2]
        assert form["line_items[0][quantity]"] == "2"

    sub = Subscription.objects.get()
    assert sub.stripe_checkout_session_id == checkout_url.rsplit("/", 1)[1]
    evt = event("checkout.session.completed", checkout_session(sub, customer="cus_fake_1"))
    assert post_event(client_for(None), evt).status_code == 200
    sub.refresh_from_db()
    assert sub.status == "active"


@pytest.fixture
def live_server_url(committed_db):
    """Our WSGI app on a free port, in a thread of this process (reads committed rows)."""
    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler, allow_reuse_address=False)
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    cache.clear()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def committed_partner(committed_db):
    """A partner, its user and a Stripe plan, committed (the server's threads read them);
    removed afterwards with what the test made for them."""
    plan = Plan.objects.create(
        code="suivi-fake-live", name="Suivi", price_cents=120000, stripe_price_id=PRICE_ID
    )
    partner = make_partner("Commune de Fake-sur-Orge", "2191099900")
    user = make_partner_user(partner, "live@fake.test")
    yield partner, user, plan
    StripeEvent.objects.filter(type__startswith="checkout.").delete()
    Subscription.objects.filter(partner=partner).delete()
    partner.delete()  # and its membership
    with connection.cursor() as cursor:  # not User.delete(): it would look for tenant tables
        cursor.execute("DELETE FROM accounts_user WHERE id = %s", [user.pk])
    plan.delete()


def test_the_fake_delivers_a_signed_webhook_to_a_live_server(
    live_server_url, committed_partner, client_for
):
    partner, user, plan = committed_partner
    network = Network.objects.get(slug="reseau-a")
    client = client_for(None)
    client.force_login(user)
    with (
        FakeStripe(
            webhook_url=f"{live_server_url}/stripe/webhook/",
            webhook_host=settings.COOPERE_BASE_DOMAIN,
        ) as fake,
        override_settings(STRIPE_API_BASE=fake.url),
    ):
        response = client.post(
            reverse("portal:subscribe", urlconf="coopere.urls_public"),
            {"plan": plan.code, "networks": [network.pk]},
        )
        sub = Subscription.objects.get(partner=partner)
        assert sub.status == "pending"
        # The partner clicks "Payer (simulation)": Stripe's webhook, then our success page.
        paid = requests.get(f"{response['Location']}/confirm", allow_redirects=False, timeout=10)
        assert paid.status_code == 302
        assert "/partenaires/abonnement/merci/?session_id=cs_fake_" in paid.headers["Location"]
        assert [status for _evt, status in fake.sent] == [200]
        sub.refresh_from_db()
        assert (sub.status, sub.stripe_subscription_id) == ("active", f"sub_fake_{sub.pk}")
        assert fake.replay_last() == 200
        assert fake.send(fake.sent[-1][0], secret="whsec_wrong") == 400
    assert StripeEvent.objects.filter(type="checkout.session.completed").count() == 1
