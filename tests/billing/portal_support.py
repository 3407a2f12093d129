"""Shared by the Stripe, webhook and portal tests (imported by them; not a conftest).

- partners, partner users, a Stripe plan and snapshots made directly with the models;
- `signed_headers` / `post_event`: webhook payloads signed for real (Stripe's HMAC scheme);
- builders of the Stripe objects the webhooks carry (current API: periods on the items,
  the invoice's subscription under `parent.subscription_details`);
- `FakeStripe`: a tiny local HTTP server answering the calls the gateway makes, for tests
  that run a live server (a browser journey): point `STRIPE_API_BASE` at `fake.url`.
"""

import datetime
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings
from django.utils import timezone
from stdnum import luhn

from billing.models import Partner, PartnerMembership, Plan, Subscription
from coopere.accounts.models import User
from tenants.models import NetworkSnapshot

PASSWORD = "mot-de-passe-de-test"
PRICE_ID = "price_suivi_test"


def siret(prefix: str) -> str:
    """A valid 14-digit SIRET from its leading digits: its SIREN (9 digits) and the whole
    number each end with their Luhn check digit."""
    # Every digit of a prefix up to 12 long is kept, so different prefixes never collide.
    prefix = prefix.ljust(12, "0")[:12]
    siren = prefix[:8] + luhn.calc_check_digit(prefix[:8])
    body = siren + prefix[8:12]
    return body + luhn.calc_check_digit(body)


def make_partner(name: str, prefix: str, **extra) -> Partner:
    return Partner.objects.create(
        kind=extra.pop("kind", Partner.Kind.COMMUNE),
        legal_name=name,
        siret=siret(prefix),
        billing_address="Hôtel de ville\n91000 Quelque part",
        **extra,
    )


def make_partner_user(partner: Partner, email: str) -> User:
    user = User.objects.create_user(
        email=email, password=PASSWORD, first_name="Paula", kind=User.Kind.PARTNER
    )
    PartnerMembership.objects.create(user=user, partner=partner)
    return user


def make_subscription(partner, plan, networks, *, status="active", source="stripe", **extra):
    sub = Subscription.objects.create(
        partner=partner, plan=plan, status=status, source=source, **extra
    )
    sub.networks.set(networks)
    return sub


def month_ago(months: int) -> datetime.date:
    today = timezone.localdate().replace(day=1)
    index = today.year * 12 + today.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def make_snapshot(network, months_ago=0, **figures) -> NetworkSnapshot:
    return NetworkSnapshot.objects.create(
        network=network, month=month_ago(months_ago), computed_at=timezone.now(), **figures
    )


@pytest.fixture
def stripe_plan(db):
    return Plan.objects.create(
        code="suivi-stripe",
        name="Suivi annuel (carte ou prélèvement)",
        price_cents=120000,
        vat_rate_bp=2000,
        stripe_price_id=PRICE_ID,
    )


@pytest.fixture
def partner_one(db):
    return make_partner("Ville d'Évry-Courcouronnes", "2191022800")


@pytest.fixture
def partner_two(db):
    return make_partner("Logis Essonne", "3951188200", kind=Partner.Kind.BAILLEUR_SOCIAL)


@pytest.fixture
def user_one(partner_one):
    return make_partner_user(partner_one, "elise@evry.test")


@pytest.fixture
def user_two(partner_two):
    return make_partner_user(partner_two, "marc@logis.test")


@pytest.fixture
def as_user(client_for):
    """as_user(user): a client on the base domain logged in as `user` (None: anonymous)."""

    def make(user):
        client = client_for(None)
        if user is not None:
            client.force_login(user)
        return client

    return make


# --- Webhooks -----------------------------------------------------------------------------

_ids = count(1)


def signed_headers(payload: str, *, secret: str | None = None, at: int | None = None) -> dict:
    """The Stripe-Signature header Stripe would send: t=<time>,v1=HMAC_SHA256(secret,
    "<time>.<payload>")."""
    secret = settings.STRIPE_WEBHOOK_SECRET if secret is None else secret
    at = int(time.time()) if at is None else at
    digest = hmac.new(secret.encode(), f"{at}.{payload}".encode(), hashlib.sha256).hexdigest()
    return {"HTTP_STRIPE_SIGNATURE": f"t={at},v1={digest}"}


def event(type_: str, obj: dict, *, created: int | None = None, event_id: str | None = None):
    return {
        "id": event_id or f"evt_test_{next(_ids)}_{int(time.time() * 1000)}",
        "object": "event",
        "api_version": settings.STRIPE_API_VERSION,
        "created": int(time.time()) if created is None else created,
        "livemode": False,
        "type": type_,
        "data": {"object": obj},
    }


def post_event(client, evt: dict, **sign_options):
    payload = json.dumps(evt)
    return client.post(
        "/stripe/webhook/",
        data=payload,
        content_type="application/json",
        **signed_headers(payload, **sign_options),
    )


def ts(day: datetime.date) -> int:
    return int(datetime.datetime(day.year, day.month, day.day, 12, tzinfo=datetime.UTC).timestamp())


def stripe_subscription(
    sub_id: str,
    *,
    status: str = "active",
    local=None,
    customer: str = "cus_test_1",
    start=datetime.date(2026, 11, 1),
    end=datetime.date(2027, 11, 1),
    quantity: int = 1,
) -> dict:
    metadata = {}
    if local is not None:
        metadata = {
            "coopere_subscription_id": str(local.pk),
            "coopere_partner_id": str(local.partner_id),
        }
    return {
        "id": sub_id,
        "object": "subscription",
        "customer": customer,
        "status": status,
        "metadata": metadata,
        "items": {
            "object": "list",
            "data": [
                {
                    "id": f"si_{sub_id}",
                    "object": "subscription_item",
                    "quantity": quantity,
                    "price": {"id": PRICE_ID},
                    "current_period_start": ts(start),
                    "current_period_end": ts(end),
                }
            ],
        },
    }


def checkout_session(local, *, session_id=None, sub_id="sub_test_1", customer="cus_test_1"):
    return {
        "id": session_id or local.stripe_checkout_session_id or "cs_test_1",
        "object": "checkout.session",
        "mode": "subscription",
        "status": "complete",
        "payment_status": "paid",
        "client_reference_id": str(local.pk),
        "customer": customer,
        "subscription": sub_id,
        "metadata": {
            "coopere_subscription_id": str(local.pk),
            "coopere_partner_id": str(local.partner_id),
        },
    }


def stripe_invoice(
    invoice_id: str,
    *,
    sub_id: str = "sub_test_1",
    local=None,
    status: str = "paid",
    number: str = "F1A2B3C4-0001",
    total: int = 432000,
    tax: int = 72000,
    customer: str = "cus_test_1",
) -> dict:
    now = int(time.time())
    metadata = {}
    if local is not None:
        metadata = {"coopere_subscription_id": str(local.pk)}
    return {
        "id": invoice_id,
        "object": "invoice",
        "customer": customer,
        "number": number,
        "status": status,
        "currency": "eur",
        "created": now,
        "due_date": None,
        "total": total,
        "subtotal": total - tax,
        "total_excluding_tax": total - tax,
        "total_taxes": [{"amount": tax, "tax_behavior": "exclusive"}],
        "amount_paid": total if status == "paid" else 0,
        "hosted_invoice_url": f"https://invoice.stripe.com/i/{invoice_id}",
        "invoice_pdf": f"https://pay.stripe.com/invoice/{invoice_id}/pdf",
        "status_transitions": {"finalized_at": now, "paid_at": now if status == "paid" else None},
        "parent": {
            "type": "subscription_details",
            "subscription_details": {"subscription": sub_id, "metadata": metadata},
        },
    }


# --- A local fake of Stripe's API, for live-server tests -----------------------------------


class FakeStripe:
    """Answers POST /v1/customers, POST /v1/checkout/sessions, POST
    /v1/billing_portal/sessions, GET /v1/invoices and GET /v1/subscriptions/<id> like
    Stripe would (the fields the gateway reads), and records every request in `calls`
    as (method, path, form or query dict). Checkout's URL is a page of the fake itself,
    `/pay/<session id>`, whose link "Payer (simulation)" goes to the success URL — after
    posting a signed `checkout.session.completed` to `webhook_url` if one is given (like
    Stripe would; `webhook_host` sets the Host header, e.g. the base domain when the URL
    is http://127.0.0.1:<port>/stripe/webhook/). `fake.sent` keeps (event, status);
    `fake.replay_last()` delivers the last event again; `fake.send(evt, secret="wrong")`
    sends a badly signed one.

        with FakeStripe(webhook_url=..., webhook_host=...) as fake, override_settings(
            STRIPE_API_BASE=fake.url
        ):
            ...  # the partner subscribes and clicks "Payer (simulation)"
    """

    def __init__(self, *, webhook_url: str | None = None, webhook_host: str | None = None):
        self.calls: list[tuple[str, str, dict]] = []
        self.sessions: dict[str, dict] = {}
        self.invoices: list[dict] = []
        self.subscriptions: dict[str, dict] = {}
        self.webhook_url, self.webhook_host = webhook_url, webhook_host
        self.sent: list[tuple[dict, int]] = []  # (event, our answer's status)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _reply(self, status, body, content_type="application/json"):
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                parts = urlsplit(self.path)
                fake.calls.append(("GET", parts.path, dict(parse_qsl(parts.query))))
                if parts.path == "/v1/invoices":
                    return self._reply(200, {"object": "list", "data": fake.invoices})
                if parts.path.startswith("/v1/subscriptions/"):
                    found = fake.subscriptions.get(parts.path.rsplit("/", 1)[1])
                    if found:
                        return self._reply(200, found)
                if parts.path.startswith("/pay/") and parts.path.endswith("/confirm"):
                    session = fake.sessions.get(parts.path.split("/")[2])
                    if session:
                        if fake.webhook_url:
                            fake.send(fake.completed_event(session["id"]))
                        self.send_response(302)
                        self.send_header(
                            "Location",
                            session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"]),
                        )
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return None
                if parts.path.startswith("/pay/"):
                    session = fake.sessions.get(parts.path.rsplit("/", 1)[1])
                    if session:
                        return self._reply(
                            200,
                            f'<!doctype html><html lang="fr"><title>Stripe (simulation)</title>'
                            f"<h1>Paiement (simulation)</h1>"
                            f'<p><a href="/pay/{session["id"]}/confirm">Payer (simulation)</a></p>'
                            f'<p><a href="{session["cancel_url"]}">Retour</a></p></html>',
                            "text/html; charset=utf-8",
                        )
                return self._reply(404, {"error": {"type": "invalid_request_error"}})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = dict(parse_qsl(self.rfile.read(length).decode()))
                path = urlsplit(self.path).path
                fake.calls.append(("POST", path, form))
                n = len(fake.calls)
                if path == "/v1/customers":
                    return self._reply(200, {"id": f"cus_fake_{n}", "object": "customer"})
                if path == "/v1/checkout/sessions":
                    sid = f"cs_fake_{n}"
                    fake.sessions[sid] = {
                        "id": sid,
                        "success_url": form.get("success_url", ""),
                        "cancel_url": form.get("cancel_url", ""),
                        "form": form,
                    }
                    url = f"{fake.url}/pay/{sid}"
                    return self._reply(200, {"id": sid, "object": "checkout.session", "url": url})
                if path == "/v1/billing_portal/sessions":
                    return self._reply(
                        200,
                        {
                            "id": f"bps_fake_{n}",
                            "object": "billing_portal.session",
                            "url": f"{fake.url}/portal/bps_fake_{n}",
                        },
                    )
                return self._reply(404, {"error": {"type": "invalid_request_error"}})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def completed_event(self, session_id: str) -> dict:
        """checkout.session.completed for a session made here, paid."""
        form = self.sessions[session_id]["form"]
        local = form.get("metadata[coopere_subscription_id]")
        return event(
            "checkout.session.completed",
            {
                "id": session_id,
                "object": "checkout.session",
                "mode": "subscription",
                "status": "complete",
                "payment_status": "paid",
                "client_reference_id": form.get("client_reference_id"),
                "customer": form.get("customer"),
                "subscription": f"sub_fake_{local}",
                "metadata": {
                    "coopere_subscription_id": local,
                    "coopere_partner_id": form.get("metadata[coopere_partner_id]"),
                },
            },
        )

    def send(self, evt: dict, *, secret: str | None = None) -> int:
        """POST `evt` to the webhook URL, signed now (Stripe signs each delivery anew);
        returns the status code we answered."""
        import requests

        payload = json.dumps(evt)
        signature = signed_headers(payload, secret=secret)["HTTP_STRIPE_SIGNATURE"]
        headers = {"Content-Type": "application/json", "Stripe-Signature": signature}
        if self.webhook_host:
            headers["Host"] = self.webhook_host
        status = requests.post(self.webhook_url, data=payload, headers=headers, timeout=10)
        self.sent.append((evt, status.status_code))
        return status.status_code

    def replay_last(self) -> int:
        """Deliver the last event again, as Stripe does when it did not hear 200 in time."""
        return self.send(self.sent[-1][0])

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)
