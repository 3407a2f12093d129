"""Every billing console page is for operators only: anonymous visitors go to the login
page, residents and partner staff get 403, and network hosts do not serve them at all."""

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from billing.models import (
    CreditNote,
    Invoice,
    InvoiceMessage,
    Partner,
    PartnerContact,
    PartnerMembership,
    Plan,
    Subscription,
    SubscriptionEvent,
)
from billing.services import credit_notes, invoices, partners
from coopere.accounts.models import User
from tests.conftest import PASSWORD


@pytest.fixture
def objects(partner_a, network_a, make_subscription, make_partner_user):
    subscription = make_subscription(partner_a, [network_a])
    invoice = invoices.issue_invoice(subscription=subscription)
    contact = partners.add_contact(partner=partner_a, name="Léa")
    cancelled = invoices.issue_invoice(subscription=make_subscription(partner_a, [network_a]))
    note = credit_notes.issue_credit_note(invoice=cancelled, reason="Erreur")
    member = make_partner_user(partner_a, "pierre@lisses.fr").partner_membership
    return {
        "credit_note": note.pk,
        "membership": member.pk,
        "partner": partner_a.pk,
        "subscription": subscription.pk,
        "invoice": invoice.pk,
        "contact": contact.pk,
        "plan": Plan.objects.first().pk,
    }


def pages(o) -> list[tuple[str, str]]:
    return [
        ("get", "/console/partenaires/"),
        ("get", "/console/partenaires/nouveau/"),
        ("post", "/console/partenaires/nouveau/"),
        ("get", f"/console/partenaires/{o['partner']}/"),
        ("get", f"/console/partenaires/{o['partner']}/modifier/"),
        ("post", f"/console/partenaires/{o['partner']}/modifier/"),
        ("post", f"/console/partenaires/{o['partner']}/contacts/"),
        ("post", f"/console/partenaires/contacts/{o['contact']}/supprimer/"),
        ("post", f"/console/partenaires/{o['partner']}/inviter/"),
        ("get", f"/console/partenaires/{o['partner']}/souscriptions/nouvelle/"),
        ("post", f"/console/partenaires/{o['partner']}/souscriptions/nouvelle/"),
        ("post", f"/console/partenaires/souscriptions/{o['subscription']}/facturer/"),
        ("get", "/console/partenaires/factures/"),
        ("get", f"/console/partenaires/factures/{o['invoice']}/"),
        ("get", f"/console/partenaires/factures/{o['invoice']}/pdf/"),
        ("post", f"/console/partenaires/factures/{o['invoice']}/payee/"),
        ("post", f"/console/partenaires/factures/{o['invoice']}/avoir/"),
        ("post", f"/console/partenaires/factures/{o['invoice']}/envoyer/"),
        ("get", f"/console/partenaires/avoirs/{o['credit_note']}/"),
        ("get", f"/console/partenaires/avoirs/{o['credit_note']}/pdf/"),
        ("post", f"/console/partenaires/avoirs/{o['credit_note']}/envoyer/"),
        ("get", f"/console/partenaires/avoirs/{o['credit_note']}/chorus.pdf"),
        ("post", f"/console/partenaires/avoirs/{o['credit_note']}/chorus/deposer/"),
        ("get", f"/console/partenaires/souscriptions/{o['subscription']}/modifier/"),
        ("post", f"/console/partenaires/souscriptions/{o['subscription']}/modifier/"),
        ("post", f"/console/partenaires/souscriptions/{o['subscription']}/resilier/"),
        ("post", f"/console/partenaires/utilisateurs/{o['membership']}/revoquer/"),
        ("get", "/console/partenaires/taux-bce/"),
        ("post", "/console/partenaires/taux-bce/"),
        ("get", "/console/partenaires/offres/"),
        ("get", "/console/partenaires/offres/nouvelle/"),
        ("post", "/console/partenaires/offres/nouvelle/"),
        ("get", f"/console/partenaires/offres/{o['plan']}/modifier/"),
    ]


def _nothing_changed(before):
    assert Partner.objects.count() == before["partners"]
    assert PartnerContact.objects.count() == before["contacts"]
    assert Subscription.objects.count() == before["subscriptions"]
    assert Invoice.objects.count() == before["invoices"]
    assert Invoice.objects.filter(status="paid").count() == 0
    assert CreditNote.objects.count() == before["credit_notes"]
    assert not SubscriptionEvent.objects.exists()
    assert not InvoiceMessage.objects.exists()  # nothing emailed
    assert not PartnerMembership.objects.filter(revoked_at__isnull=False).exists()


def _counts():
    return {
        "partners": Partner.objects.count(),
        "contacts": PartnerContact.objects.count(),
        "subscriptions": Subscription.objects.count(),
        "invoices": Invoice.objects.count(),
        "credit_notes": CreditNote.objects.count(),
    }


def test_anonymous_visitors_are_sent_to_login(objects, logged_in):
    client, before = logged_in(None), _counts()
    for method, url in pages(objects):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/connexion/"), url
    _nothing_changed(before)


def test_partner_users_get_403_even_on_their_own_partner(
    objects, partner_a, make_partner_user, logged_in
):
    client, before = logged_in(make_partner_user(partner_a, "paula@lisses.fr")), _counts()
    for method, url in pages(objects):
        assert getattr(client, method)(url).status_code == 403, url
    _nothing_changed(before)


def test_partner_b_user_gets_403_on_partner_a_pages(
    objects, partner_b, make_partner_user, logged_in
):
    client = logged_in(make_partner_user(partner_b, "bob@essonne-habitat.fr"))
    for method, url in pages(objects):
        assert getattr(client, method)(url).status_code == 403, url


def test_a_resident_account_gets_403(objects, logged_in):
    with schema_context(get_public_schema_name()):
        resident = User.objects.create_user(
            email="voisin@exemple.fr", password=PASSWORD, first_name="Val"
        )
    client, before = logged_in(resident), _counts()
    for method, url in pages(objects):
        assert getattr(client, method)(url).status_code == 403, url
    _nothing_changed(before)


def test_network_hosts_do_not_serve_the_console(objects, network_a, client_for):
    client = client_for(network_a)
    client.post("/connexion/", {"username": "alice@reseau-a.test", "password": PASSWORD})
    for method, url in pages(objects):
        assert getattr(client, method)(url).status_code == 404, url
    assert client.get("/partenaires/invitation/x/").status_code == 404


def test_operator_reaches_every_page(objects, operator_client):
    for method, url in pages(objects):
        if method == "get":
            assert operator_client.get(url).status_code == 200, url


def test_console_nav_links_to_partners(operator_client):
    page = operator_client.get("/console/").content.decode()
    assert 'href="/console/partenaires/"' in page and "Partenaires" in page


def test_partner_user_logging_in_lands_on_the_portal_path(partner_a, make_partner_user, client_for):
    make_partner_user(partner_a, "paula@lisses.fr")
    response = client_for(None).post(
        "/connexion/", {"username": "paula@lisses.fr", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/partenaires/"
