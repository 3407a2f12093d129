"""Passwords: a forgotten one is reset by an emailed link, on a network's host (its own
residents only) and on the base domain (staff and partners); it is changed from "Mon compte".
A link is worth nothing on another host, and the answer never tells whether an address
has an account."""

import html
import re

import pytest
from django.core import mail
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from tests.billing.portal_support import make_partner, make_partner_user
from tests.conftest import PASSWORD, inside

NEW_PASSWORD = "un-jardin-sur-le-toit"
LINK = re.compile(r"(https?://[^/\s]+)(/mot-de-passe-oublie/[^/\s]+/[^/\s]+/)")


def text(response) -> str:
    return html.unescape(response.content.decode())


def ask_reset(client, email):
    return client.post("/mot-de-passe-oublie/", {"email": email})


def emailed_link(to: str) -> tuple[str, str]:
    """(site root, path) of the link in the one email sent to `to`."""
    sent = [m for m in mail.outbox if to in m.to]
    assert len(sent) == 1, [m.to for m in mail.outbox]
    found = LINK.search(sent[0].body)
    assert found, sent[0].body
    return found.group(1), found.group(2)


def set_new_password(client, path, password=NEW_PASSWORD, again=None):
    """Open the emailed link (Django moves the token into the session), then post."""
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    return response, client.post(
        form_url, {"new_password1": password, "new_password2": again or password}
    )


def can_log_in(client, username, password) -> bool:
    response = client.post("/connexion/", {"username": username, "password": password})
    return response.status_code == 302


@pytest.fixture
def operator(db):
    with schema_context(get_public_schema_name()):
        return User.objects.create_superuser(
            email="coach@coopere.test", password=PASSWORD, first_name="Camille"
        )


# --- The way in --------------------------------------------------------------------------


def test_the_login_page_offers_a_reset_on_both_kinds_of_host(db, client_for, network_a):
    for network in (None, network_a):
        body = text(client_for(network).get("/connexion/"))
        assert 'href="/mot-de-passe-oublie/"' in body
        assert "Mot de passe oublié ?" in body


def test_the_network_reset_page_tells_residents_without_email_to_ask_for_a_card(
    db, client_for, network_a
):
    body = text(client_for(network_a).get("/mot-de-passe-oublie/"))
    assert "Mot de passe oublié" in body and "M'envoyer un lien" in body
    assert "Pas d'adresse e-mail ?" in body
    assert "nouvelle carte de bienvenue à un membre du Groupe d'Animation" in body
    assert 'href="/activer/"' in body
    public = text(client_for(None).get("/mot-de-passe-oublie/"))
    assert "M'envoyer un lien" in public and "carte de bienvenue" not in public


# --- A resident, on her network's host ------------------------------------------------------


def test_a_resident_resets_her_password_by_email_and_logs_in_with_it(db, client_for, network_a):
    client = client_for(network_a)
    response = ask_reset(client, "Alice@Reseau-A.test ")
    assert response.status_code == 302
    assert response["Location"] == "/mot-de-passe-oublie/envoye/"
    assert "Consultez vos e-mails" in text(client.get(response["Location"]))

    message = mail.outbox[-1]
    assert message.subject == "Réseau A : choisissez un nouveau mot de passe"
    assert "Bonjour Alice" in message.body and "réseau de voisinage Réseau A" in message.body
    root, path = emailed_link("alice@reseau-a.test")
    assert root == "http://reseau-a.coopere.localhost"  # the host she asked from

    opened, saved = set_new_password(client, path)
    assert "Choisissez un nouveau mot de passe" in text(opened)
    assert saved.status_code == 302
    assert saved["Location"] == "/mot-de-passe-oublie/termine/"
    assert "Votre nouveau mot de passe est enregistré" in text(client.get(saved["Location"]))

    fresh = client_for(network_a)
    assert not can_log_in(fresh, "alice@reseau-a.test", PASSWORD)
    assert can_log_in(fresh, "alice@reseau-a.test", NEW_PASSWORD)
    # The link worked once.
    assert "Ce lien ne fonctionne plus" in text(client_for(network_a).get(path, follow=True))


def test_an_unknown_address_gets_the_same_answer_and_no_email(db, client_for, network_a):
    client = client_for(network_a)
    known = ask_reset(client, "alice@reseau-a.test")
    mail.outbox.clear()
    unknown = ask_reset(client, "personne@reseau-a.test")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert mail.outbox == []


def test_a_bad_address_is_refused_in_french_and_nothing_is_sent(db, client_for, network_a):
    response = ask_reset(client_for(network_a), "pas-une-adresse")
    assert response.status_code == 200
    assert "Saisissez une adresse e-mail valide." in text(response)
    assert mail.outbox == []


def test_a_resident_of_a_asking_on_b_gets_no_email(db, client_for, network_b):
    response = ask_reset(client_for(network_b), "alice@reseau-a.test")
    assert response.status_code == 302  # the same answer as anyone
    assert mail.outbox == []


def test_a_link_from_a_does_not_work_on_b(db, client_for, network_a, network_b):
    # B has a user with Alice's primary key and even the same address: A's link is still
    # worthless on B's host, and B's user keeps her password.
    with inside(network_a):
        alice = User.objects.get(email="alice@reseau-a.test")
    with inside(network_b):
        User.objects.filter(pk=alice.pk).delete()
        twin = User.objects.create_user(
            email="alice@reseau-a.test", password=PASSWORD, first_name="Alice", pk=alice.pk
        )
    ask_reset(client_for(network_a), "alice@reseau-a.test")
    root, path = emailed_link("alice@reseau-a.test")
    assert root == "http://reseau-a.coopere.localhost"

    client_b = client_for(network_b)
    opened, saved = set_new_password(client_b, path)
    assert "Ce lien ne fonctionne plus" in text(opened)
    assert saved.status_code == 200 and "Ce lien ne fonctionne plus" in text(saved)
    with inside(network_b):
        twin.refresh_from_db()
        assert twin.check_password(PASSWORD)
    with inside(network_a):
        alice.refresh_from_db()
        assert alice.check_password(PASSWORD)  # nor was A's password touched from B


def test_a_bad_token_is_refused_and_nothing_changes(db, client_for, network_a):
    ask_reset(client_for(network_a), "alice@reseau-a.test")
    _root, path = emailed_link("alice@reseau-a.test")
    uid = path.split("/")[2]
    client = client_for(network_a)
    for bad in (f"/mot-de-passe-oublie/{uid}/abc-123/", "/mot-de-passe-oublie/zzz/abc-123/"):
        opened, saved = set_new_password(client, bad)
        assert "Ce lien ne fonctionne plus" in text(opened)
        assert "Demander un nouveau lien" in text(opened)
        assert saved.status_code == 200
    with inside(network_a):
        assert User.objects.get(email="alice@reseau-a.test").check_password(PASSWORD)


def test_mismatched_new_passwords_are_refused_in_french(db, client_for, network_a):
    client = client_for(network_a)
    ask_reset(client, "alice@reseau-a.test")
    _root, path = emailed_link("alice@reseau-a.test")
    _opened, saved = set_new_password(client, path, again="autre-chose-encore")
    assert saved.status_code == 200
    assert "Les deux mots de passe ne correspondent pas." in text(saved)
    with inside(network_a):
        assert User.objects.get(email="alice@reseau-a.test").check_password(PASSWORD)


def test_a_support_user_inside_a_network_gets_no_email(db, client_for, network_a):
    """Coop-ère staff enter a network through their signed link only."""
    with inside(network_a):
        User.objects.create_user(
            email="coach@coopere.test", password=PASSWORD, first_name="C", kind="operator"
        )
    ask_reset(client_for(network_a), "coach@coopere.test")
    assert mail.outbox == []


# --- Staff and partners, on the base domain ---------------------------------------------------


def test_an_operator_resets_on_the_base_domain(db, client_for, operator):
    client = client_for(None)
    assert ask_reset(client, "coach@coopere.test")["Location"] == "/mot-de-passe-oublie/envoye/"
    assert mail.outbox[-1].subject == "Coop-ère : choisissez un nouveau mot de passe"
    root, path = emailed_link("coach@coopere.test")
    assert root == "http://coopere.localhost"
    _opened, saved = set_new_password(client, path)
    assert saved["Location"] == "/mot-de-passe-oublie/termine/"
    assert can_log_in(client_for(None), "coach@coopere.test", NEW_PASSWORD)


def test_a_partner_user_resets_on_the_base_domain(db, client_for):
    with schema_context(get_public_schema_name()):
        partner = make_partner("Commune de Lisses", "2191034000")
        user = make_partner_user(partner, "claire@lisses.test")
    ask_reset(client_for(None), user.email)
    root, _path = emailed_link(user.email)
    assert root == "http://coopere.localhost"


def test_residents_get_nothing_on_the_base_domain_nor_staff_on_a_network(
    db, client_for, network_a, operator
):
    assert ask_reset(client_for(None), "alice@reseau-a.test").status_code == 302
    assert ask_reset(client_for(network_a), "coach@coopere.test").status_code == 302
    assert mail.outbox == []


def test_a_base_domain_link_does_not_work_on_a_network(db, client_for, network_a, operator):
    ask_reset(client_for(None), "coach@coopere.test")
    _root, path = emailed_link("coach@coopere.test")
    opened, _saved = set_new_password(client_for(network_a), path)
    assert "Ce lien ne fonctionne plus" in text(opened)


def test_the_link_keeps_the_port_the_person_used(db, network_a):
    from django.test import Client

    client = Client(HTTP_HOST="reseau-a.coopere.localhost:8000")
    client.post("/mot-de-passe-oublie/", {"email": "alice@reseau-a.test"}, SERVER_PORT="8000")
    root, _path = emailed_link("alice@reseau-a.test")
    assert root == "http://reseau-a.coopere.localhost:8000"


# --- Changing it from "Mon compte" -----------------------------------------------------------


@pytest.mark.parametrize("host", ["network", "public"])
def test_change_password_from_my_account(db, client_for, network_a, operator, host):
    network, email = (
        (network_a, "alice@reseau-a.test")
        if host == "network"
        else (
            None,
            "coach@coopere.test",
        )
    )
    client = client_for(network)
    assert can_log_in(client, email, PASSWORD)
    other_device = client_for(network)
    assert can_log_in(other_device, email, PASSWORD)
    account = text(client.get("/mon-compte/"))
    assert 'href="/mon-compte/mot-de-passe/"' in account and "Changer mon mot de passe" in account

    new = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    wrong = client.post("/mon-compte/mot-de-passe/", {"old_password": "pas-le-bon", **new})
    assert wrong.status_code == 200
    assert "ancien mot de passe est incorrect" in text(wrong)

    done = client.post("/mon-compte/mot-de-passe/", {"old_password": PASSWORD, **new}, follow=True)
    assert done.redirect_chain[-1][0] == "/mon-compte/"
    assert "Votre mot de passe a été changé." in text(done)
    assert client.get("/mon-compte/").status_code == 200  # this session stays open
    assert other_device.get("/mon-compte/").status_code == 302  # the others end
    fresh = client_for(network)
    assert not can_log_in(fresh, email, PASSWORD)
    assert can_log_in(fresh, email, NEW_PASSWORD)


def test_changing_a_password_needs_a_login(db, client_for, network_a):
    response = client_for(network_a).get("/mon-compte/mot-de-passe/")
    assert response.status_code == 302 and "/connexion/" in response["Location"]
