"""Login per host, sessions bound to their network, residents invisible elsewhere."""

import pytest
from django.core.management import call_command
from django.utils import translation
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from tests.conftest import PASSWORD, inside


def test_resident_logs_in_on_own_network(db, client_for, network_a):
    client = client_for(network_a)
    response = client.post("/connexion/", {"username": "alice@reseau-a.test", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/mon-compte/").status_code == 200
    assert "Alice" in client.get("/").content.decode()


def test_login_page_on_every_host_is_french(db, client_for, network_a):
    for network in (None, network_a):
        body = client_for(network).get("/connexion/").content.decode()
        assert "Adresse e-mail ou code membre" in body
        assert 'lang="fr"' in body


def test_resident_of_a_cannot_log_in_on_b(db, client_for, network_b):
    response = client_for(network_b).post(
        "/connexion/", {"username": "alice@reseau-a.test", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Connexion impossible" in response.content.decode()


def test_resident_logs_in_with_member_code(db, client_for, network_a):
    with inside(network_a):
        user = User.objects.create_user(first_name="Jeanne", password=PASSWORD)
    assert user.email is None and user.member_code
    code = user.member_code.replace("-", "").lower()  # typed loosely
    client = client_for(network_a)
    response = client.post("/connexion/", {"username": code, "password": PASSWORD})
    assert response.status_code == 302


def test_session_cookie_of_a_is_worthless_on_b(db, client_for, network_a, network_b):
    # Give B a user with the same primary key as Alice in A: the cookie must still fail.
    with inside(network_a):
        alice = User.objects.get(email="alice@reseau-a.test")
    client_a = client_for(network_a)
    client_a.post("/connexion/", {"username": "alice@reseau-a.test", "password": PASSWORD})
    session_cookie = client_a.cookies["sessionid"].value

    client_b = client_for(network_b)
    client_b.cookies["sessionid"] = session_cookie
    response = client_b.get("/mon-compte/")
    assert response.status_code == 302
    assert "/connexion/" in response["Location"]
    with inside(network_b):
        assert not User.objects.filter(email=alice.email).exists()


def test_session_from_another_schema_is_refused_even_if_copied(db, client_for, network_a):
    """The second lock: a session row copied into another schema is logged out."""
    from django.contrib.sessions.models import Session

    client_a = client_for(network_a)
    client_a.post("/connexion/", {"username": "alice@reseau-a.test", "password": PASSWORD})
    key = client_a.cookies["sessionid"].value
    with inside(network_a):
        row = Session.objects.get(session_key=key)
        data = row.session_data
        expire = row.expire_date
        alice_pk = User.objects.get(email="alice@reseau-a.test").pk
    with schema_context(get_public_schema_name()):
        # An operator with Alice's primary key, and her session row copied into public.
        User.objects.filter(pk=alice_pk).delete()
        User.objects.create_superuser(
            email="op@coopere.test", password="x", first_name="Op", pk=alice_pk
        )
        Session.objects.create(session_key=key, session_data=data, expire_date=expire)
    public = client_for(None)
    public.cookies["sessionid"] = key
    response = public.get("/mon-compte/")
    assert response.status_code == 302


def test_resident_is_absent_from_other_networks_and_public(db, network_a, network_b):
    with inside(network_a):
        assert User.objects.filter(email="alice@reseau-a.test").exists()
    with inside(network_b):
        assert not User.objects.filter(email="alice@reseau-a.test").exists()
    with schema_context(get_public_schema_name()):
        assert not User.objects.filter(email="alice@reseau-a.test").exists()


def test_operator_logs_in_on_public_and_reaches_console(db, client_for):
    with schema_context(get_public_schema_name()):
        User.objects.create_superuser(
            email="coach@coopere.test", password=PASSWORD, first_name="Camille"
        )
    client = client_for(None)
    client.post("/connexion/", {"username": "coach@coopere.test", "password": PASSWORD})
    response = client.get("/console/")
    assert response.status_code == 200
    assert "Réseaux par phase" in response.content.decode()


def test_console_refuses_anonymous(db, client_for):
    response = client_for(None).get("/console/")
    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from coopere.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_create_operator_command(db, monkeypatch):
    monkeypatch.setenv("COOPERE_OPERATOR_PASSWORD", "un-long-mot-de-passe")
    call_command("create_operator", "premiere@coopere.test", first_name="Nadia")
    with schema_context(get_public_schema_name()):
        operator = User.objects.get(email="premiere@coopere.test")
    assert operator.is_superuser and operator.kind == User.Kind.OPERATOR
    with translation.override("fr"), pytest.raises(Exception, match="déjà"):
        call_command("create_operator", "premiere@coopere.test")


def test_logout_confirms_and_forgets_the_session(db, client_for, network_a):
    client = client_for(network_a)
    client.post("/connexion/", {"username": "alice@reseau-a.test", "password": PASSWORD})
    response = client.post("/deconnexion/")
    assert response.status_code == 200
    assert "Vous êtes déconnecté·e" in response.content.decode()
    assert client.get("/mon-compte/").status_code == 302


def test_public_login_page_points_residents_to_their_network(db, client_for):
    body = client_for(None).get("/connexion/").content.decode()
    assert "Les habitants se connectent à l'adresse de leur réseau" in body
