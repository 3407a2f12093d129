"""Plans and manual subscriptions: services, console pages, the lapse task, and residents'
access that never depends on any subscription."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from billing import tasks
from billing.models import Plan, Subscription
from billing.services import subscriptions
from tests.conftest import PASSWORD


def test_two_plans_are_seeded_at_20_percent_vat(db):
    plans = {p.code: p for p in Plan.objects.all()}
    assert plans["lancement"].name == "Lancement — première année"
    assert plans["suivi-annuel"].name == "Suivi annuel"
    assert all(p.vat_rate_bp == 2000 and p.is_active for p in plans.values())
    assert all(isinstance(p.price_cents, int) and p.price_cents > 0 for p in plans.values())


def test_manual_subscription_is_pending_and_covers_the_chosen_networks(
    partner_a, network_a, network_b, make_subscription
):
    subscription = make_subscription(partner_a, [network_a, network_b], purchase_order_ref="BC-7")
    assert subscription.status == Subscription.Status.PENDING
    assert subscription.source == Subscription.Source.MANUAL
    assert set(subscription.networks.all()) == {network_a, network_b}
    assert subscription.purchase_order_ref == "BC-7"


def test_zero_networks_is_refused_in_french_and_writes_nothing(partner_a, make_subscription):
    with pytest.raises(ValidationError) as exc:
        make_subscription(partner_a, [])
    assert exc.value.message_dict["networks"] == ["Choisissez au moins un réseau."]
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("plan_value", [None, 999999, "pas-un-id"])
def test_unknown_plan_is_refused_in_french_and_writes_nothing(
    partner_a, network_a, make_subscription, plan_value
):
    with pytest.raises(ValidationError) as exc:
        make_subscription(partner_a, [network_a], plan=plan_value)
    assert exc.value.message_dict["plan"] == ["Choisissez l'une des formules proposées."]
    assert not Subscription.objects.exists()


def test_inactive_plan_is_refused(partner_a, network_a, plan, make_subscription):
    Plan.objects.filter(pk=plan.pk).update(is_active=False)
    plan.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        make_subscription(partner_a, [network_a], plan=plan)
    assert "plan" in exc.value.message_dict
    assert not Subscription.objects.exists()


def test_template_or_spare_schemas_cannot_be_covered(partner_a, make_subscription):
    from tenants.models import Network

    template = Network.objects.exclude(state__in=["live", "public"]).first()
    with pytest.raises(ValidationError) as exc:
        make_subscription(partner_a, [template])
    assert "networks" in exc.value.message_dict


def test_period_must_end_after_it_starts(partner_a, network_a, make_subscription):
    with pytest.raises(ValidationError) as exc:
        make_subscription(
            partner_a,
            [network_a],
            period_start=datetime.date(2026, 5, 1),
            period_end=datetime.date(2026, 4, 1),
        )
    assert "current_period_end" in exc.value.message_dict
    assert not Subscription.objects.exists()


def test_lapse_task_marks_manual_subscriptions_past_their_end(
    partner_a, network_a, make_subscription
):
    ended = make_subscription(
        partner_a,
        [network_a],
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2020, 12, 31),
    )
    Subscription.objects.filter(pk=ended.pk).update(status=Subscription.Status.ACTIVE)
    running = make_subscription(
        partner_a,
        [network_a],
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2099, 12, 31),
    )
    assert tasks.lapse_subscriptions() == 1
    assert tasks.lapse_subscriptions() == 0  # safe to run twice
    ended.refresh_from_db()
    running.refresh_from_db()
    assert ended.status == Subscription.Status.LAPSED
    assert running.status == Subscription.Status.PENDING


@pytest.mark.parametrize("status", [Subscription.Status.LAPSED, Subscription.Status.CANCELED])
def test_residents_access_never_depends_on_subscriptions(
    partner_a, network_a, make_subscription, client_for, status
):
    subscription = make_subscription(partner_a, [network_a])
    Subscription.objects.filter(pk=subscription.pk).update(status=status)
    client = client_for(network_a)
    response = client.post("/connexion/", {"username": "alice@reseau-a.test", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/mon-compte/").status_code == 200
    home = client.get("/")
    assert home.status_code == 200 and "Alice" in home.content.decode()


# --- Plans ------------------------------------------------------------------------------------


def test_plan_service_refuses_bad_values(db):
    with pytest.raises(ValidationError) as exc:
        subscriptions.create_plan(code="x", name="", price_cents=None, vat_rate_bp=12000)
    assert set(exc.value.message_dict) == {"name", "price_cents", "vat_rate_bp"}
    assert not Plan.objects.filter(code="x").exists()


PLAN_FORM = {
    "name": "Accompagnement renforcé",
    "code": "renforce",
    "description": "",
    "price": "1 200,00",
    "vat_rate": "20",
    "period_months": "12",
    "is_active": "on",
}


def test_operator_creates_a_plan_with_a_french_price(operator_client):
    response = operator_client.post("/console/partenaires/offres/nouvelle/", PLAN_FORM)
    assert response.status_code == 302
    plan = Plan.objects.get(code="renforce")
    assert plan.price_cents == 120000 and plan.vat_rate_bp == 2000
    page = operator_client.get("/console/partenaires/offres/").content.decode()
    assert "Accompagnement renforcé" in page and "1\u202f200,00\u00a0€" in page


def test_a_plan_gets_its_stripe_price_and_a_malformed_one_is_refused(operator_client):
    form = {**PLAN_FORM, "stripe_price_id": "prix-annuel"}
    response = operator_client.post("/console/partenaires/offres/nouvelle/", form)
    assert "commence par price_" in response.content.decode()
    assert not Plan.objects.filter(code="renforce").exists()

    form["stripe_price_id"] = "price_1Q2w3E4r"
    assert operator_client.post("/console/partenaires/offres/nouvelle/", form).status_code == 302
    assert Plan.objects.get(code="renforce").stripe_price_id == "price_1Q2w3E4r"


@pytest.mark.parametrize("price", ["douze", "12,345", "-5", ""])
def test_bad_amount_gives_a_french_error_and_writes_nothing(operator_client, price):
    response = operator_client.post(
        "/console/partenaires/offres/nouvelle/", {**PLAN_FORM, "price": price}
    )
    assert response.status_code == 200
    assert "Indiquez un prix en euros, par exemple 1 200,00." in response.content.decode()
    assert not Plan.objects.filter(code="renforce").exists()


def test_operator_edits_a_plan(operator_client, plan):
    page = operator_client.get(f"/console/partenaires/offres/{plan.pk}/modifier/")
    assert "1\u202f200,00" in page.content.decode()
    response = operator_client.post(
        f"/console/partenaires/offres/{plan.pk}/modifier/",
        {**PLAN_FORM, "code": plan.code, "price": "1 350,50", "vat_rate": "5,5"},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.price_cents == 135050 and plan.vat_rate_bp == 550


# --- Subscription page ------------------------------------------------------------------------


def _form(plan, networks, **extra):
    return {
        "plan": plan.pk if plan else "",
        "networks": [n.pk for n in networks],
        "current_period_start": "2026-01-01",
        "current_period_end": "2026-12-31",
        "purchase_order_ref": "BC-2026-14",
        **extra,
    }


def test_operator_creates_a_manual_subscription(operator_client, partner_a, plan, network_a):
    url = f"/console/partenaires/{partner_a.pk}/souscriptions/nouvelle/"
    # Networks are found by a search, never all listed (tests/rollout/test_picker.py).
    page = operator_client.get(url).content.decode()
    assert "Réseau A" not in page and "Trouver un réseau" in page
    found = operator_client.post(
        url, {**_form(plan, []), "networks_q": "réseau", "networks_search": "1"}
    )
    assert found.status_code == 200 and not Subscription.objects.exists()
    assert "Réseau A" in found.content.decode() and "Réseau B" in found.content.decode()
    response = operator_client.post(url, _form(plan, [network_a]))
    assert response.status_code == 302
    subscription = partner_a.subscriptions.get()
    assert list(subscription.networks.all()) == [network_a]
    assert subscription.purchase_order_ref == "BC-2026-14"


def test_subscription_page_with_zero_networks_says_so(operator_client, partner_a, plan):
    url = f"/console/partenaires/{partner_a.pk}/souscriptions/nouvelle/"
    response = operator_client.post(url, _form(plan, []))
    assert response.status_code == 200
    assert "Choisissez au moins un réseau." in response.content.decode()
    assert not Subscription.objects.exists()


def test_subscription_page_with_an_unknown_plan_says_so(operator_client, partner_a, network_a):
    url = f"/console/partenaires/{partner_a.pk}/souscriptions/nouvelle/"
    response = operator_client.post(url, {**_form(None, [network_a]), "plan": "999999"})
    assert response.status_code == 200
    assert "Choisissez l&#x27;une des formules proposées." in response.content.decode()
    assert not Subscription.objects.exists()


def test_the_lapse_task_runs_daily_from_beat(settings):
    from coopere.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["lapse-subscriptions"]
    assert entry["task"] == "billing.lapse_subscriptions"
    assert entry["task"] in app.tasks
