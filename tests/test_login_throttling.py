"""Issue 11, finding 2: 30 wrong passwords, then the right one, logged in on `/connexion/`
(networks and base domain) and `/admin/login/`. django-axes now counts failures per account
and per client (behind the configured trusted proxies), in the cache, per schema."""

import html

import pytest
from django.test import Client

from coopere.accounts.services import create_operator
from tests.conftest import PASSWORD

WRONG = "pas-le-bon-mot-de-passe"


def _post(client, path, username, password, ip="203.0.113.7"):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, path, username, times, ip="203.0.113.7"):
    """`times` wrong passwords; the one that reaches the limit is answered 429 at once."""
    for n in range(times):
        status = _post(client, path, username, WRONG, ip).status_code
        assert status == (429 if n == times - 1 and times >= 5 else 200), n


@pytest.fixture
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 5
    return 5


@pytest.mark.parametrize("where", ["network", "public"])
def test_the_right_password_after_too_many_wrong_ones_is_refused(
    db, client_for, network_a, limit, where
):
    if where == "network":
        client, username = client_for(network_a), "alice@reseau-a.test"
    else:
        create_operator(email="nadia@coopere.test", password=PASSWORD, first_name="Nadia")
        client, username = client_for(None), "nadia@coopere.test"
    _fail(client, "/connexion/", username, limit)
    response = _post(client, "/connexion/", username, PASSWORD)
    assert response.status_code == 429
    page = html.unescape(response.content.decode())
    assert "Trop de tentatives" in page and "15 minutes" in page
    assert "_auth_user_id" not in client.session


def test_the_account_is_protected_whatever_the_address(db, client_for, network_a, limit):
    client = client_for(network_a)
    for n in range(limit):  # a botnet: one try from each address
        _post(client, "/connexion/", "alice@reseau-a.test", WRONG, ip=f"198.51.100.{n}")
    response = _post(client, "/connexion/", "alice@reseau-a.test", PASSWORD, ip="192.0.2.99")
    assert response.status_code == 429


def test_a_client_trying_many_accounts_is_paused(db, client_for, network_a, limit):
    client = client_for(network_a)
    for n in range(limit):
        _post(client, "/connexion/", f"inconnu-{n}@reseau-a.test", WRONG)
    assert _post(client, "/connexion/", "alice@reseau-a.test", PASSWORD).status_code == 429
    # Another client still logs in.
    assert (
        _post(
            Client(HTTP_HOST=client.defaults["HTTP_HOST"]),
            "/connexion/",
            "alice@reseau-a.test",
            PASSWORD,
            ip="192.0.2.50",
        ).status_code
        == 302
    )


def test_the_admin_login_is_throttled_too(db, client_for, limit):
    create_operator(email="nadia@coopere.test", password=PASSWORD, first_name="Nadia")
    client = client_for(None)
    _fail(client, "/admin/login/", "nadia@coopere.test", limit)
    assert _post(client, "/admin/login/", "nadia@coopere.test", PASSWORD).status_code == 429


def test_a_lockout_on_network_a_leaves_network_b_alone(db, client_for, network_a, network_b, limit):
    _fail(client_for(network_a), "/connexion/", "alice@reseau-b.test", limit)
    response = _post(client_for(network_b), "/connexion/", "alice@reseau-b.test", PASSWORD)
    assert response.status_code == 302


def test_a_success_before_the_limit_starts_the_count_again(db, client_for, network_a, limit):
    client = client_for(network_a)
    _fail(client, "/connexion/", "alice@reseau-a.test", limit - 1)
    assert _post(client, "/connexion/", "alice@reseau-a.test", PASSWORD).status_code == 302
    client.logout()
    _fail(client, "/connexion/", "alice@reseau-a.test", limit - 1)
    assert _post(client, "/connexion/", "alice@reseau-a.test", PASSWORD).status_code == 302


def test_the_client_is_read_behind_the_trusted_proxies(db, client_for, network_a, limit, settings):
    """Behind one proxy, REMOTE_ADDR is the proxy: the client is X-Forwarded-For's last
    entry; what the client wrote further left is not trusted."""
    settings.COOPERE_TRUSTED_PROXY_COUNT = 1
    client = client_for(network_a)
    for n in range(limit):
        client.post(
            "/connexion/",
            {"username": f"x{n}@reseau-a.test", "password": WRONG},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.7",
        )
    locked = client.post(
        "/connexion/",
        {"username": "alice@reseau-a.test", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert locked.status_code == 429
    neighbour = client.post(  # another client behind the same proxy
        "/connexion/",
        {"username": "alice@reseau-a.test", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert neighbour.status_code == 302
