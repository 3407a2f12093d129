"""Console: partner users revoked (portal lost at once, audit kept), manual subscriptions
edited and cancelled (history kept), and the warning when a network is already covered."""

import datetime
import html

import pytest
import time_machine
from django.core.exceptions import ValidationError

from billing.models import PartnerMembership, Subscription, SubscriptionEvent
from billing.services import invoices, partners, subscriptions
from tests.conftest import PASSWORD

TODAY = datetime.datetime(2026, 6, 15, 10, 0)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(TODAY, tick=False):
        yield


# --- Revoking a partner user ------------------------------------------------------------------


def test_a_revoked_user_loses_the_portal_at_once(
    partner_a, make_partner_user, logged_in, operator, operator_client
):
    paula = make_partner_user(partner_a, "paula@lisses.fr")
    portal = logged_in(paula)
    assert portal.get("/partenaires/").status_code == 200
    membership = PartnerMembership.objects.get(user=paula)
    page = operator_client.get(f"/console/partenaires/{partner_a.pk}/").content.decode()
    assert "Révoquer l'accès de paula@lisses.fr" in page
    response = operator_client.post(f"/console/partenaires/utilisateurs/{membership.pk}/revoquer/")
    assert response.status_code == 302
    # The session already open stops working on its next request.
    assert portal.get("/partenaires/")["Location"].startswith("/connexion/")
    again = logged_in(None)
    again.post("/connexion/", {"username": "paula@lisses.fr", "password": PASSWORD})
    assert again.get("/partenaires/")["Location"].startswith("/connexion/")
    membership.refresh_from_db()
    assert membership.revoked_by == operator and membership.revoked_at is not None
    page = operator_client.get(f"/console/partenaires/{partner_a.pk}/").content.decode()
    assert "Accès révoqué le 15 juin 2026" in page and "Nadia" in page


def test_revoking_twice_says_so(partner_a, make_partner_user, operator):
    membership = PartnerMembership.objects.get(user=make_partner_user(partner_a, "paula@lisses.fr"))
    partners.revoke_partner_user(membership=membership, by=operator)
    with pytest.raises(ValidationError) as exc:
        partners.revoke_partner_user(membership=membership, by=operator)
    assert exc.value.messages == ["L'accès de cette personne est déjà révoqué."]


def test_a_partner_user_cannot_revoke_anyone(partner_a, partner_b, make_partner_user, logged_in):
    target = PartnerMembership.objects.get(user=make_partner_user(partner_a, "paula@lisses.fr"))
    bob = logged_in(make_partner_user(partner_b, "bob@essonne-habitat.fr"))
    assert bob.post(f"/console/partenaires/utilisateurs/{target.pk}/revoquer/").status_code == 403
    target.refresh_from_db()
    assert target.revoked_at is None and target.user.is_active


def test_revoking_an_unknown_membership_is_404(operator_client):
    assert (
        operator_client.post("/console/partenaires/utilisateurs/999999/revoquer/").status_code
        == 404
    )


# --- Editing and cancelling a subscription ------------------------------------------------------


@pytest.fixture
def sub(partner_a, network_a, make_subscription):
    return make_subscription(partner_a, [network_a], purchase_order_ref="BC-1")


def _form(sub, **changes):
    data = {
        "plan": sub.plan_id,
        "networks": [n.pk for n in sub.networks.all()],
        "current_period_start": "2026-01-01",
        "current_period_end": "2026-12-31",
        "purchase_order_ref": sub.purchase_order_ref,
    }
    data.update(changes)
    return data


def test_operator_edits_a_subscription_and_the_history_says_what_changed(
    operator_client, sub, network_b
):
    url = f"/console/partenaires/souscriptions/{sub.pk}/modifier/"
    form = operator_client.get(url).content.decode()
    assert "Enregistrer les modifications" in form
    # <input type=date> only takes ISO dates: the period is shown as it stands.
    assert 'value="2026-01-01"' in form and 'value="2026-12-31"' in form
    response = operator_client.post(
        url, _form(sub, networks=[sub.networks.get().pk, network_b.pk], purchase_order_ref="BC-2")
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sorted(n.slug for n in sub.networks.all()) == ["reseau-a", "reseau-b"]
    assert sub.purchase_order_ref == "BC-2"
    event = SubscriptionEvent.objects.get(subscription=sub)
    assert "réseaux : Réseau A → Réseau A, Réseau B" in event.summary
    assert "bon de commande : BC-1 → BC-2" in event.summary
    page = operator_client.get(url).content.decode()
    assert "Modifié" in page and "bon de commande : BC-1 → BC-2" in page


def test_an_invoiced_subscription_keeps_its_networks(operator_client, sub, network_b):
    invoices.issue_invoice(subscription=sub)
    url = f"/console/partenaires/souscriptions/{sub.pk}/modifier/"
    response = operator_client.post(url, _form(sub, networks=[network_b.pk]))
    assert response.status_code == 400
    assert "annulez sa facture par un avoir" in response.content.decode()
    assert [n.slug for n in sub.networks.all()] == ["reseau-a"]
    assert not SubscriptionEvent.objects.exists()


def test_bad_period_is_refused_in_french(operator_client, sub):
    url = f"/console/partenaires/souscriptions/{sub.pk}/modifier/"
    response = operator_client.post(url, _form(sub, current_period_end="2025-12-01"))
    assert response.status_code == 400
    assert "La période doit se terminer après son début." in response.content.decode()
    sub.refresh_from_db()
    assert sub.current_period_end == datetime.date(2026, 12, 31)
    assert not SubscriptionEvent.objects.exists()


def test_operator_cancels_with_an_end_date_and_the_history_is_kept(operator_client, sub):
    response = operator_client.post(
        f"/console/partenaires/souscriptions/{sub.pk}/resilier/",
        {"fin-ended_on": "2026-06-10", "fin-reason": "Fin du contrat de ville"},
    )
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.status == Subscription.Status.CANCELED
    assert sub.ended_on == datetime.date(2026, 6, 10)
    event = SubscriptionEvent.objects.get(subscription=sub)
    assert event.action == "canceled" and "Fin du contrat de ville" in event.summary
    page = operator_client.get(f"/console/partenaires/{sub.partner_id}/").content.decode()
    assert "terminé le 10 juin 2026" in page
    # Ended: no more edits.
    response = operator_client.post(
        f"/console/partenaires/souscriptions/{sub.pk}/modifier/", _form(sub, purchase_order_ref="X")
    )
    assert "Cet abonnement est terminé" in response.content.decode()


@pytest.mark.parametrize(
    ("ended_on", "reason", "message"),
    [
        ("2026-07-01", "Fin", "La date de fin ne peut pas être dans le futur."),
        ("2025-12-31", "Fin", "La date de fin ne peut pas précéder le début de la période."),
        ("", "Fin", "Indiquez le dernier jour couvert par l'abonnement."),
        ("2026-06-01", "", "Écrivez pourquoi l'abonnement est résilié."),
    ],
)
def test_a_bad_cancellation_writes_nothing(operator_client, sub, ended_on, reason, message):
    response = operator_client.post(
        f"/console/partenaires/souscriptions/{sub.pk}/resilier/",
        {"fin-ended_on": ended_on, "fin-reason": reason},
    )
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    sub.refresh_from_db()
    assert sub.status == Subscription.Status.PENDING and sub.ended_on is None
    assert not SubscriptionEvent.objects.exists()


def test_partner_users_cannot_edit_or_cancel(sub, partner_a, make_partner_user, logged_in):
    client = logged_in(make_partner_user(partner_a, "paula@lisses.fr"))
    assert client.get(f"/console/partenaires/souscriptions/{sub.pk}/modifier/").status_code == 403
    response = client.post(
        f"/console/partenaires/souscriptions/{sub.pk}/resilier/",
        {"fin-ended_on": "2026-06-01", "fin-reason": "x"},
    )
    assert response.status_code == 403
    sub.refresh_from_db()
    assert sub.status == Subscription.Status.PENDING


def test_stripe_and_unknown_subscriptions_are_404(operator_client, partner_a, plan):
    stripe_sub = Subscription.objects.create(
        partner=partner_a, plan=plan, source="stripe", status="active"
    )
    for pk in (stripe_sub.pk, 999999):
        assert (
            operator_client.get(f"/console/partenaires/souscriptions/{pk}/modifier/").status_code
            == 404
        )
        assert (
            operator_client.post(f"/console/partenaires/souscriptions/{pk}/resilier/").status_code
            == 404
        )


def test_the_cancelled_subscription_ends_the_partners_coverage_on_its_end_date(sub, operator):
    from billing import selectors_portal

    invoice = invoices.issue_invoice(subscription=sub, issued_on=datetime.date(2026, 1, 5))
    invoices.mark_invoice_paid(invoice=invoice, paid_on=datetime.date(2026, 6, 1))
    subscriptions.cancel_manual_subscription(
        subscription=sub, ended_on=datetime.date(2026, 3, 31), reason="Fin", by=operator
    )
    coverage = selectors_portal.coverage(sub.partner)
    assert coverage.covered == []
    assert coverage.former[0][1] == datetime.date(2026, 3, 31)


# --- Already covered: a warning, not a refusal -----------------------------------------------


def test_the_form_warns_when_a_network_is_already_covered_then_records_anyway(
    operator_client, partner_a, partner_b, network_a, make_subscription, plan
):
    make_subscription(partner_b, [network_a])  # Essonne Habitat already covers Réseau A
    url = f"/console/partenaires/{partner_a.pk}/souscriptions/nouvelle/"
    data = {
        "plan": plan.pk,
        "networks": [network_a.pk],
        "current_period_start": "2026-07-01",
        "current_period_end": "2027-06-30",
    }
    response = operator_client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Déjà couvert sur cette période" in page
    assert "Réseau A : Essonne Habitat" in page
    assert Subscription.objects.filter(partner=partner_a).count() == 0
    response = operator_client.post(url, {**data, "confirm_overlap": "1"})
    assert response.status_code == 302
    assert Subscription.objects.filter(partner=partner_a).count() == 1


def test_no_warning_outside_the_period_or_for_an_ended_subscription(
    operator_client, partner_a, partner_b, network_a, make_subscription, plan, operator
):
    make_subscription(partner_b, [network_a])  # 2026
    url = f"/console/partenaires/{partner_a.pk}/souscriptions/nouvelle/"
    response = operator_client.post(
        url,
        {
            "plan": plan.pk,
            "networks": [network_a.pk],
            "current_period_start": "2027-01-01",
            "current_period_end": "2027-12-31",
        },
    )
    assert response.status_code == 302  # 2027 is not covered: recorded at once
