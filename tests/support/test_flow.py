"""The whole support flow through HTTP: console → signed link → network → banner → end."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.accounts.models import User
from support.middleware import SESSION_KEY
from support.models import SupportSession
from tests.conftest import inside

from .conftest import ask, enter, host_of_url, text

REASON = "Aider le groupe à préparer le café de juin"


def _public_rows():
    with schema_context(get_public_schema_name()):
        return list(SupportSession.objects.all())


def _rows_of(network):
    with inside(network):
        return list(SupportSession.objects.all())


def test_coach_enters_network_as_support_and_ends(console, client_for, network_a, pilote_a):
    response = ask(console, network_a, REASON)
    assert response.status_code == 302
    url = response["Location"]
    assert host_of_url(url) == f"reseau-a.{settings.COOPERE_BASE_DOMAIN}"
    assert "/support/entrer/?jeton=" in url
    [grant] = _public_rows()
    assert (grant.network_slug, grant.reason, grant.coach_name) == (
        "reseau-a",
        REASON,
        "Nadia Coach",
    )
    assert grant.entered_at is None
    assert _rows_of(network_a) == []

    client, response = enter(client_for, network_a, url)
    assert response.status_code == 302
    assert response["Location"] == "/groupe/parcours/"
    page = client.get("/groupe/parcours/")
    assert page.status_code == 200
    body = text(page)
    assert "Session support — Nadia Coach (Coop-ère) jusqu'à" in body
    assert "Terminer" in body

    # Both logs: the grant is used, the network has its own row.
    [grant] = _public_rows()
    assert grant.entered_at is not None and grant.ends_at is not None
    [visit] = _rows_of(network_a)
    assert (visit.public_id, visit.reason, visit.coach_name) == (grant.pk, REASON, "Nadia Coach")
    assert visit.ends_at == grant.ends_at
    minutes = (grant.ends_at - grant.entered_at).total_seconds() / 60
    assert minutes == pytest.approx(30)  # COOPERE_SUPPORT_SESSION_MINUTES's default

    # The support user: operator kind in A's own table, no password, never a Member.
    with inside(network_a):
        user = User.objects.get(pk=visit.support_user_id)
        assert user.kind == User.Kind.OPERATOR
        assert not user.has_usable_password()
        assert user.first_name == "Nadia"
        assert not _has_member(user)
    # And nobody of that id/email exists in public beyond the coach.
    with schema_context(get_public_schema_name()):
        assert not User.objects.filter(email=user.email).exists()

    # The journal of A shows it to A's animators.
    journal = client.get("/support/journal/")
    assert journal.status_code == 200 and REASON in text(journal)

    # "Terminer": recorded in both logs, logged out, pointer back to the console.
    ended = client.post("/support/terminer/")
    assert ended.status_code == 200
    assert "Session support terminée" in text(ended)
    [grant] = _public_rows()
    [visit] = _rows_of(network_a)
    assert grant.ended_at is not None and grant.end_cause == "ended"
    assert visit.ended_at == grant.ended_at and visit.end_cause == "ended"
    after = client.get("/groupe/parcours/")
    assert after.status_code == 302 and "/connexion/" in after["Location"]

    # The console lists it.
    listing = text(console.get("/console/support/"))
    assert "Réseau A" in listing and REASON in listing and "Nadia Coach" in listing


def _has_member(user) -> bool:
    from exchange.models import Member

    return Member.objects.filter(user=user).exists()


def test_logging_out_ends_the_support_session_in_both_logs(console, client_for, network_a):
    client, _response = enter(client_for, network_a, ask(console, network_a)["Location"])
    assert client.post("/deconnexion/").status_code == 200
    [grant] = _public_rows()
    [visit] = _rows_of(network_a)
    assert grant.end_cause == visit.end_cause == "ended"


def _session_of(client, network):
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    with inside(network):
        store = SessionStore(session_key=key)
        store.load()
    return store


def test_session_past_its_time_is_ended_and_recorded(console, client_for, network_a):
    client, _response = enter(client_for, network_a, ask(console, network_a)["Location"])
    assert client.get("/groupe/parcours/").status_code == 200
    # Time passes: the session's limit is now behind us.
    from datetime import timedelta

    with inside(network_a):
        store = _session_of(client, network_a)
        data = store[SESSION_KEY]
        [visit] = SupportSession.objects.all()
        past = visit.ends_at - timedelta(minutes=31)
        SupportSession.objects.filter(pk=visit.pk).update(ends_at=past)
        data["until"] = past.isoformat()
        store[SESSION_KEY] = data
        store.save()
    response = client.get("/groupe/parcours/")
    assert response.status_code == 302 and response["Location"] == "/"
    home = client.get("/")
    assert "Votre session support est terminée" in text(home)
    assert "Session support —" not in text(home)
    [visit] = _rows_of(network_a)
    [grant] = _public_rows()
    assert visit.end_cause == grant.end_cause == "expired"
    assert visit.ended_at == past
    assert client.get("/groupe/parcours/").status_code == 302  # logged out
