"""POST /stripe/webhook/: payloads signed for real with the test secret (Stripe's HMAC
scheme); bad signatures refused; each event stored once; out-of-order events; each type."""

# Fixtures come from portal_support (imported, then used as arguments).
# ruff: noqa: F811

import datetime
import json
import time

import pytest
import responses
from django.conf import settings

from billing.models import Invoice, Partner, StripeEvent, Subscription
from tests.billing.portal_support import (  # noqa: F401
    checkout_session,
    event,
    make_subscription,
    partner_one,
    partner_two,
    post_event,
    signed_headers,
    stripe_invoice,
    stripe_plan,
    stripe_subscription,
)


@pytest.fixture
def web(client_for):
    return client_for(None)


@pytest.fixture
def pending(partner_one, stripe_plan, network_a, network_b):
    """A subscription waiting for Checkout, as the portal leaves it."""
    partner_one.stripe_customer_id = "cus_test_1"
    partner_one.save()
    return make_subscription(
        partner_one,
        stripe_plan,
        [network_a, network_b],
        status="pending",
        stripe_checkout_session_id="cs_test_1",
    )


def reload(obj):
    obj.refresh_from_db()
    return obj


# --- Signature, storage, replays ---------------------------------------------------------


def test_a_bad_or_missing_signature_gets_400_and_nothing_is_stored(web, pending):
    payload = json.dumps(event("checkout.session.completed", checkout_session(pending)))
    forged = signed_headers(payload, secret="whsec_not_ours")
    assert web.post("/stripe/webhook/", payload, "application/json", **forged).status_code == 400
    assert web.post("/stripe/webhook/", payload, "application/json").status_code == 400
    tampered = signed_headers(payload)
    body = payload.replace('"paid"', '"unpaid"')
    assert web.post("/stripe/webhook/", body, "application/json", **tampered).status_code == 400
    stale = signed_headers(payload, at=int(time.time()) - 3600)  # replayed an hour later
    assert web.post("/stripe/webhook/", payload, "application/json", **stale).status_code == 400
    assert not StripeEvent.objects.exists()
    assert reload(pending).status == "pending"


def test_get_is_not_allowed_and_the_webhook_is_not_on_network_hosts(web, client_for, network_a):
    assert web.get("/stripe/webhook/").status_code == 405
    evt = event("customer.created", {"id": "cus_x", "object": "customer"})
    assert post_event(client_for(network_a), evt).status_code == 404


def test_without_a_configured_secret_every_call_is_refused(db, web, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    evt = event("customer.created", {"id": "cus_x"})
    assert post_event(web, evt, secret="").status_code == 400
    assert not StripeEvent.objects.exists()


def test_an_unknown_type_is_stored_and_answered_200(db, web):
    evt = event("customer.tax_id.created", {"id": "txi_1"})
    response = post_event(web, evt)
    assert response.status_code == 200
    stored = StripeEvent.objects.get()
    assert (stored.event_id, stored.type) == (evt["id"], "customer.tax_id.created")
    assert stored.processed_at is not None
    assert stored.payload["data"]["object"]["id"] == "txi_1"


def test_a_replayed_event_answers_200_and_changes_nothing(web, pending):
    evt = event("checkout.session.completed", checkout_session(pending))
    assert post_event(web, evt).status_code == 200
    sub = reload(pending)
    assert sub.status == "active"
    # Meanwhile the partner cancelled (a newer event); the old one is replayed.
    newer = event(
        "customer.subscription.deleted",
        stripe_subscription("sub_test_1", status="canceled", local=sub),
        created=evt["created"] + 60,
    )
    assert post_event(web, newer).status_code == 200
    before = StripeEvent.objects.count()
    response = post_event(web, evt)
    assert response.status_code == 200
    assert response.content == b"already received"
    assert StripeEvent.objects.count() == before
    assert reload(pending).status == "canceled"


# --- checkout.session.completed --------------------------------------------------------------


def test_checkout_completed_links_and_activates_the_pending_subscription(web, pending):
    pending.partner.stripe_customer_id = ""
    pending.partner.save()
    evt = event("checkout.session.completed", checkout_session(pending, customer="cus_new"))
    assert post_event(web, evt).status_code == 200
    sub = reload(pending)
    assert sub.status == Subscription.Status.ACTIVE
    assert sub.stripe_subscription_id == "sub_test_1"
    assert sub.stripe_state_at is not None
    assert Partner.objects.get(pk=sub.partner_id).stripe_customer_id == "cus_new"


def test_checkout_completed_finds_the_row_by_client_reference_alone(web, pending):
    session = checkout_session(pending, session_id="cs_other")
    session["metadata"] = {}
    assert post_event(web, event("checkout.session.completed", session)).status_code == 200
    assert reload(pending).status == "active"


def test_checkout_completed_unpaid_sepa_waits_for_the_payment(web, pending):
    session = {**checkout_session(pending), "payment_status": "unpaid"}
    post_event(web, event("checkout.session.completed", session))
    sub = reload(pending)
    assert (sub.status, sub.stripe_subscription_id) == ("pending", "sub_test_1")
    post_event(web, event("checkout.session.async_payment_succeeded", session))
    assert reload(pending).status == "active"


def test_metadata_naming_another_partners_subscription_is_ignored(
    web, pending, partner_two, stripe_plan, network_b
):
    other = make_subscription(partner_two, stripe_plan, [network_b], status="pending")
    session = checkout_session(other, session_id="cs_forged")
    session["metadata"]["coopere_partner_id"] = str(pending.partner_id)
    session["client_reference_id"] = None
    assert post_event(web, event("checkout.session.completed", session)).status_code == 200
    assert reload(other).status == "pending"
    assert reload(pending).status == "pending"


def test_an_expired_checkout_closes_the_pending_row(web, pending):
    session = {**checkout_session(pending), "status": "expired", "subscription": None}
    post_event(web, event("checkout.session.expired", session))
    assert reload(pending).status == "canceled"


# --- customer.subscription.* -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("stripe_status", "ours"),
    [
        ("active", "active"),
        ("trialing", "active"),
        ("past_due", "past_due"),
        ("unpaid", "past_due"),
        ("canceled", "canceled"),
        ("incomplete", "pending"),
        ("incomplete_expired", "canceled"),
    ],
)
def test_subscription_status_and_period_mapping(web, pending, stripe_status, ours):
    obj = stripe_subscription(
        "sub_test_1",
        status=stripe_status,
        local=pending,
        start=datetime.date(2026, 11, 15),
        end=datetime.date(2027, 11, 15),
    )
    assert post_event(web, event("customer.subscription.updated", obj)).status_code == 200
    sub = reload(pending)
    assert sub.status == ours
    assert sub.stripe_subscription_id == "sub_test_1"  # linked through our metadata
    assert (sub.current_period_start, sub.current_period_end) == (
        datetime.date(2026, 11, 15),
        datetime.date(2027, 11, 15),
    )


def test_created_then_deleted(web, pending):
    created = int(time.time()) - 100
    obj = stripe_subscription("sub_test_1", status="active", local=pending)
    post_event(web, event("customer.subscription.created", obj, created=created))
    assert reload(pending).status == "active"
    gone = stripe_subscription("sub_test_1", status="canceled", local=pending)
    post_event(web, event("customer.subscription.deleted", gone, created=created + 50))
    assert reload(pending).status == "canceled"


def test_an_older_update_after_a_newer_one_changes_nothing(web, pending):
    now = int(time.time())
    newer = stripe_subscription(
        "sub_test_1",
        status="past_due",
        local=pending,
        start=datetime.date(2026, 11, 1),
        end=datetime.date(2027, 11, 1),
    )
    older = stripe_subscription(
        "sub_test_1",
        status="active",
        local=pending,
        start=datetime.date(2025, 11, 1),
        end=datetime.date(2026, 11, 1),
    )
    post_event(web, event("customer.subscription.updated", newer, created=now))
    state_at = reload(pending).stripe_state_at
    response = post_event(web, event("customer.subscription.updated", older, created=now - 30))
    assert response.status_code == 200
    sub = reload(pending)
    assert sub.status == "past_due"
    assert sub.current_period_end == datetime.date(2027, 11, 1)
    assert sub.stripe_state_at == state_at
    assert StripeEvent.objects.count() == 2  # stored all the same, once each


def test_an_older_checkout_event_links_but_does_not_reactivate(web, pending):
    now = int(time.time())
    cancelled = stripe_subscription("sub_test_1", status="canceled", local=pending)
    post_event(web, event("customer.subscription.deleted", cancelled, created=now))
    post_event(
        web, event("checkout.session.completed", checkout_session(pending), created=now - 20)
    )
    sub = reload(pending)
    assert (sub.status, sub.stripe_subscription_id) == ("canceled", "sub_test_1")


@responses.activate
def test_events_of_the_same_second_that_disagree_are_settled_by_rereading(web, pending):
    now = int(time.time())
    responses.get(
        f"{settings.STRIPE_API_BASE}/v1/subscriptions/sub_test_1",
        json=stripe_subscription("sub_test_1", status="past_due", local=pending),
    )
    post_event(
        web,
        event(
            "customer.subscription.updated",
            stripe_subscription("sub_test_1", status="past_due", local=pending),
            created=now,
        ),
    )
    assert not responses.calls
    late = stripe_subscription("sub_test_1", status="active", local=pending)
    response = post_event(web, event("customer.subscription.updated", late, created=now))
    assert response.status_code == 200
    assert reload(pending).status == "past_due"  # what Stripe says now
    (call,) = responses.calls
    assert call.request.method == "GET"


def test_rereading_when_stripe_is_unreachable_answers_503_and_stores_nothing(web, pending):
    now = int(time.time())
    first = stripe_subscription("sub_test_1", status="past_due", local=pending)
    post_event(web, event("customer.subscription.updated", first, created=now))
    late = event(
        "customer.subscription.updated",
        stripe_subscription("sub_test_1", status="active", local=pending),
        created=now,
    )
    assert post_event(web, late).status_code == 503  # Stripe will send it again
    assert not StripeEvent.objects.filter(event_id=late["id"]).exists()
    assert reload(pending).status == "past_due"


def test_a_subscription_that_is_not_ours_is_stored_and_ignored(web, pending):
    obj = stripe_subscription("sub_elsewhere", status="active")
    assert post_event(web, event("customer.subscription.created", obj)).status_code == 200
    assert reload(pending).status == "pending"
    assert StripeEvent.objects.count() == 1


# --- invoices ---------------------------------------------------------------------------------


def test_invoice_paid_records_a_stripe_invoice_and_activates(web, pending):
    inv = stripe_invoice("in_1", local=pending)
    assert post_event(web, event("invoice.paid", inv)).status_code == 200
    invoice = Invoice.objects.get(stripe_invoice_id="in_1")
    assert invoice.source == Invoice.Source.STRIPE
    assert invoice.number == "F1A2B3C4-0001"
    assert invoice.partner == pending.partner
    assert invoice.subscription == pending
    assert (invoice.total_cents, invoice.vat_cents, invoice.total_excl_tax_cents) == (
        432000,
        72000,
        360000,
    )
    assert invoice.status == Invoice.Status.PAID
    assert invoice.paid_on is not None
    assert invoice.hosted_invoice_url == "https://invoice.stripe.com/i/in_1"
    assert invoice.year is None and invoice.sequence is None
    sub = reload(pending)
    assert (sub.status, sub.stripe_subscription_id) == ("active", "sub_test_1")


def test_invoice_payment_failed_makes_the_subscription_past_due(web, pending):
    now = int(time.time())
    post_event(web, event("checkout.session.completed", checkout_session(pending), created=now))
    failed = stripe_invoice("in_2", status="open", number="F1A2B3C4-0002")
    response = post_event(web, event("invoice.payment_failed", failed, created=now + 5))
    assert response.status_code == 200
    invoice = Invoice.objects.get(stripe_invoice_id="in_2")
    assert invoice.status == Invoice.Status.ISSUED  # recorded, unpaid
    assert invoice.paid_on is None
    assert reload(pending).status == "past_due"
    # Paid later: the invoice is paid, the subscription runs again.
    paid = stripe_invoice("in_2", number="F1A2B3C4-0002")
    post_event(web, event("invoice.paid", paid, created=now + 10))
    assert Invoice.objects.get(stripe_invoice_id="in_2").status == Invoice.Status.PAID
    assert reload(pending).status == "active"
    # A late copy of the failure notice changes neither.
    post_event(web, event("invoice.payment_failed", failed, created=now + 5))
    assert Invoice.objects.get(stripe_invoice_id="in_2").status == Invoice.Status.PAID
    assert reload(pending).status == "active"
    assert Invoice.objects.count() == 1


def test_a_failed_first_payment_leaves_the_subscription_pending(web, pending):
    failed = stripe_invoice("in_3", local=pending, status="open", number="X-1")
    post_event(web, event("invoice.payment_failed", failed))
    assert reload(pending).status == "pending"
    assert Invoice.objects.get().status == Invoice.Status.ISSUED


def test_an_invoice_of_a_stranger_customer_is_ignored(web, pending):
    inv = stripe_invoice("in_9", sub_id="sub_unknown", customer="cus_unknown")
    assert post_event(web, event("invoice.paid", inv)).status_code == 200
    assert not Invoice.objects.exists()
