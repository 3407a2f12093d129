"""Every page that takes an id: another network's member gets 404 and changes nothing;
an anonymous visitor is sent to log in. Activation codes: clear French errors."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from exchange.models import ActivationCode, Member, Post, Theme
from exchange.services import connections, posts, registration
from tests.conftest import inside
from tests.exchange.test_pages import _logged, _member


@pytest.fixture
def a_world(db, network_a):
    """In A: a pilote, an accompanied neighbour, a post, a connection with a message."""
    pilote = _member(network_a, "pilote-iso@a.test", role=Member.GroupRole.PILOTE)
    helper = _member(network_a, "aide-iso@a.test")
    with inside(network_a):
        odette = registration.register_member(
            actor=pilote, first_name="Odette", address="B", consent=True, sponsor=pilote
        )
        post = posts.create_post(
            actor=pilote,
            author=pilote,
            kind="need",
            title="Secret de A",
            theme=Theme.objects.get(name="Conseils"),
        )
        conn = connections.express_interest(actor=helper, member=helper, post=post, message="Hé")
        message = conn.messages.first()
    return {"pilote": pilote, "odette": odette, "post": post, "conn": conn, "message": message}


def _a_urls(w):
    p, c, m, o = w["post"].pk, w["conn"].pk, w["message"].pk, w["odette"].pk
    gets = [
        f"/annonces/{p}/",
        f"/annonces/{p}/modifier/",
        f"/mises-en-relation/{c}/",
        f"/membres/{o}/",
        f"/membres/{o}/questionnaire/",
        f"/membres/{o}/fiche/",
        f"/animation/membres/{o}/",
    ]
    posts_ = [
        f"/annonces/{p}/statut/",
        f"/annonces/{p}/interesse/",
        f"/annonces/{p}/signaler/",
        f"/mises-en-relation/{c}/echange-fait/",
        f"/mises-en-relation/{c}/partager/",
        f"/messages/{m}/signaler/",
        f"/animation/membres/{o}/carte/",
        f"/animation/moderation/annonce/{p}/masquer/",
        f"/animation/membres/{o}/reglages/",
        f"/animation/membres/{o}/role/",
        f"/animation/membres/{o}/parrainage/",
    ]
    return gets, posts_


def test_a_pilote_of_b_reaches_nothing_of_a(a_world, client_for, network_a, network_b):
    # A pilote: the strongest rights a member of B can have.
    _member(network_b, "pilote@b.test", role=Member.GroupRole.PILOTE)
    client_b = _logged(client_for, network_b, "pilote@b.test")
    gets, posts_ = _a_urls(a_world)
    for path in gets:
        # 404, or (when the id happens to exist in B) B's own object: never A's data.
        response = client_b.get(path)
        assert response.status_code == 404 or "Secret de A" not in response.content.decode(), path
    for path in posts_:
        response = client_b.post(path, {"reason": "x", "note": "x", "status": "closed"})
        assert response.status_code == 404, path
    with inside(network_a):
        post = Post.objects.get(pk=a_world["post"].pk)
        assert post.status == Post.Status.OPEN and not post.is_hidden and not post.reports.exists()
        assert not ActivationCode.objects.filter(member=a_world["odette"]).exists()


def test_anonymous_visitors_are_sent_to_log_in_on_every_page_with_an_id(
    a_world, client_for, network_a
):
    gets, posts_ = _a_urls(a_world)
    client = client_for(network_a)
    for path in gets + posts_:
        response = client.post(path) if path in posts_ else client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/connexion/"), path


def test_a_plain_member_cannot_print_cards_or_moderate(a_world, client_for, network_a):
    client = _logged(client_for, network_a, "aide-iso@a.test")
    o, p = a_world["odette"].pk, a_world["post"].pk
    assert client.post(f"/animation/membres/{o}/carte/").status_code == 403
    assert client.get(f"/membres/{o}/fiche/").status_code == 404  # not her sponsor
    assert (
        client.post(f"/animation/moderation/annonce/{p}/masquer/", {"note": "x"}).status_code == 403
    )


@pytest.mark.parametrize(
    "case, message",
    [
        ("wrong", "Ce code n'est pas valable"),
        ("used", "déjà servi"),
        ("expired", "a expiré"),
    ],
)
def test_activation_page_refuses_bad_codes_in_french(a_world, client_for, network_a, case, message):
    with inside(network_a):
        code = registration.issue_activation_code(member=a_world["odette"])
        if case == "used":
            registration.activate_member(code=code, password="un-mot-de-passe-long", client_key="x")
        if case == "expired":
            ActivationCode.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
        password_before = a_world["odette"].user.password
    submitted = "ZZZZZ-ZZZZZ" if case == "wrong" else code
    response = client_for(network_a).post(
        "/activer/",
        {
            "code": submitted,
            "password": "encore-un-mot-de-passe",
            "password2": "encore-un-mot-de-passe",
        },
    )
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    with inside(network_a):
        a_world["odette"].user.refresh_from_db()
        if case != "used":
            assert a_world["odette"].user.password == password_before


def test_activation_page_logs_the_neighbour_in(a_world, client_for, network_a):
    with inside(network_a):
        code = registration.issue_activation_code(member=a_world["odette"])
    client = client_for(network_a)
    response = client.get(f"/activer/?code={code}")
    assert code in response.content.decode()  # pre-filled from the QR code
    response = client.post(
        "/activer/",
        {"code": code, "password": "des-mots-de-passe", "password2": "des-mots-de-passe"},
    )
    assert response.status_code == 302
    assert "Bienvenue, Odette" in html.unescape(client.get("/").content.decode())
