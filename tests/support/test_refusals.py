"""Links and requests that must not open a network: clear French 403 pages, never a login,
nothing written."""

import time
from datetime import timedelta

import time_machine
from django.core import signing
from django.core.signing import TimestampSigner, b62_encode
from django.test import override_settings
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from support.models import SupportSession
from support.services import LINK_SALT, SUPPORT_EMAIL
from tests.conftest import inside

from .conftest import PASSWORD, ask, enter, path_of, text


def _grant():
    with schema_context(get_public_schema_name()):
        return SupportSession.objects.get()


def _no_visit(network):
    with inside(network):
        assert not SupportSession.objects.exists()
        assert not User.objects.filter(kind=User.Kind.OPERATOR).exists()


def _refused(response, words):
    assert response.status_code == 403
    body = text(response)
    assert words in body, body
    assert "Session support —" not in body


def test_forged_signature_is_refused(console, client_for, network_a):
    url = ask(console, network_a)["Location"]
    forged = url[:-3] + ("AAA" if not url.endswith("AAA") else "BBB")
    _client, response = enter(client_for, network_a, forged)
    _refused(response, "Ce lien de support n'est pas valide.")
    _no_visit(network_a)
    assert _grant().entered_at is None


def test_link_signed_with_another_key_is_refused(console, client_for, network_a):
    ask(console, network_a)
    token = signing.dumps({"g": _grant().pk, "n": network_a.schema_name}, key="x", salt=LINK_SALT)
    _client, response = enter(client_for, network_a, f"/support/entrer/?jeton={token}")
    _refused(response, "Ce lien de support n'est pas valide.")
    _no_visit(network_a)


def test_no_token_is_refused_not_sent_to_login(client_for, network_a, db):
    response = client_for(network_a).get("/support/entrer/")
    _refused(response, "Ce lien de support n'est pas valide.")


class _FiveMinutesAgo(TimestampSigner):
    def timestamp(self):
        return b62_encode(int(time.time()) - 300)


def test_expired_link_is_refused(console, client_for, network_a):
    """A link signed five minutes ago (the limit is two)."""
    ask(console, network_a)
    token = _FiveMinutesAgo(salt=LINK_SALT).sign_object(
        {"g": _grant().pk, "n": network_a.schema_name}
    )
    _client, response = enter(client_for, network_a, f"/support/entrer/?jeton={token}")
    _refused(response, "Ce lien de support a expiré")
    _no_visit(network_a)


def test_link_past_its_recorded_limit_is_refused(console, client_for, network_a):
    url = ask(console, network_a)["Location"]
    # A second later (on the test clock), with a limit of none.
    later = timezone.now() + timedelta(seconds=1.1)
    with override_settings(COOPERE_SUPPORT_LINK_SECONDS=0), time_machine.travel(later):
        _client, response = enter(client_for, network_a, url)
    _refused(response, "Ce lien de support a expiré")
    _no_visit(network_a)


def test_reused_link_is_refused(console, client_for, network_a):
    url = ask(console, network_a)["Location"]
    _first, response = enter(client_for, network_a, url)
    assert response.status_code == 302
    _second, response = enter(client_for, network_a, url)
    _refused(response, "Ce lien de support a déjà servi")
    with inside(network_a):
        assert SupportSession.objects.count() == 1


def test_link_for_a_used_on_b_is_refused(console, client_for, network_a, network_b):
    url = ask(console, network_a)["Location"]
    _client, response = enter(client_for, network_b, path_of(url))
    _refused(response, "Ce lien de support a été fait pour un autre réseau.")
    _no_visit(network_b)
    _no_visit(network_a)
    assert _grant().entered_at is None
    # A's link still works on A afterwards: the refusal on B used nothing up.
    _client, response = enter(client_for, network_a, url)
    assert response.status_code == 302


def test_blank_reason_is_refused_and_nothing_written(console, network_a):
    response = ask(console, network_a, reason="   ")
    assert response.status_code == 200
    assert "Écrivez pourquoi vous ouvrez ce réseau en support." in text(response)
    with schema_context(get_public_schema_name()):
        assert not SupportSession.objects.exists()


def test_only_operators_may_ask(client_for, network_a, db):
    anonymous = client_for(None)
    response = anonymous.post("/console/support/reseau-a/ouvrir/", {"reason": "Pour voir"})
    assert response.status_code == 302 and "/connexion/" in response["Location"]
    assert anonymous.get("/console/support/").status_code == 302
    # A resident of A on A's host: there is no console there.
    resident = client_for(network_a)
    resident.post("/connexion/", {"username": "alice@reseau-a.test", "password": PASSWORD})
    assert resident.post("/console/support/reseau-a/ouvrir/", {"reason": "x"}).status_code == 404
    # A partner's staff member on the base domain: 403.
    with schema_context(get_public_schema_name()):
        User.objects.create_user(
            email="mairie@partenaire.test",
            password=PASSWORD,
            first_name="Paul",
            kind=User.Kind.PARTNER,
        )
    partner = client_for(None)
    partner.post("/connexion/", {"username": "mairie@partenaire.test", "password": PASSWORD})
    assert partner.post("/console/support/reseau-a/ouvrir/", {"reason": "x"}).status_code == 403
    assert partner.get("/console/support/").status_code == 403
    with schema_context(get_public_schema_name()):
        assert not SupportSession.objects.exists()


def test_unknown_network_is_404(console, db):
    assert console.post("/console/support/nulle-part/ouvrir/", {"reason": "x"}).status_code == 404


def test_operator_public_session_gives_nothing_on_a_network_host(console, client_for, network_a):
    """The coach's base-domain cookie, replayed on A's host, is nobody there."""
    cookie = console.cookies["sessionid"].value
    client = client_for(network_a)
    client.cookies["sessionid"] = cookie
    response = client.get("/groupe/parcours/")
    assert response.status_code == 302 and "/connexion/" in response["Location"]
    assert client.get("/support/journal/").status_code == 302


def test_operator_kind_user_without_support_session_is_logged_out(client_for, network_a):
    """Even a staff-kind account in a network's table (e.g. a support user) cannot log in by
    password: only the signed link opens a network to Coop-ère staff."""
    with inside(network_a):
        User.objects.create_user(
            email=SUPPORT_EMAIL.format(coach_id=999),
            password=PASSWORD,
            first_name="Intrus",
            kind=User.Kind.OPERATOR,
        )
    client = client_for(network_a)
    client.post(
        "/connexion/", {"username": SUPPORT_EMAIL.format(coach_id=999), "password": PASSWORD}
    )
    response = client.get("/groupe/parcours/")
    assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_grant_past_its_recorded_limit_is_refused(console, client_for, network_a):
    """The public row's own limit holds even if the signature's clock were generous."""
    from datetime import timedelta

    from django.utils import timezone

    url = ask(console, network_a)["Location"]
    with schema_context(get_public_schema_name()):
        SupportSession.objects.update(link_expires_at=timezone.now() - timedelta(seconds=1))
    _client, response = enter(client_for, network_a, url)
    _refused(response, "Ce lien de support a expiré")
    _no_visit(network_a)
