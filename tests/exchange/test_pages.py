"""HTTP tests of the network's pages: each works for its users, refuses others, and never
shows or changes another network's data."""

import html
import re

import pytest
from django.core import mail

from exchange.models import Member, Notification, Post, Theme
from exchange.services import posts as post_services
from tests.exchange.factories import resident
from tests.fixtures.platform import inside, logged_client

# Kept under these names: other test modules import them from here.
_member = resident


@pytest.fixture
def pilote(db, network_a):
    return _member(network_a, "pilote@a.test", role=Member.GroupRole.PILOTE)


@pytest.fixture
def voisin(db, network_a):
    return _member(network_a, "voisin@a.test")


_logged = logged_client


def _theme(network, name="Coups de main"):
    with inside(network):
        return Theme.objects.get(name=name)


EVERY_PAGE = [
    "/annonces/",
    "/annonces/nouvelle/",
    "/mises-en-relation/",
    "/membres/",
    "/mon-profil/",
    "/notifications/",
    "/animation/",
    "/animation/inscrire/",
    "/animation/membres/",
    "/animation/moderation/",
    "/animation/themes/",
]


@pytest.mark.parametrize("path", EVERY_PAGE)
def test_anonymous_visitors_are_sent_to_log_in(db, client_for, network_a, path):
    response = client_for(network_a).get(path)
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")


@pytest.mark.parametrize("path", EVERY_PAGE)
def test_every_page_renders_for_a_pilote(db, client_for, network_a, pilote, path):
    response = _logged(client_for, network_a, "pilote@a.test").get(path)
    assert response.status_code == 200, path


@pytest.mark.parametrize("path", [p for p in EVERY_PAGE if p.startswith("/animation/")])
def test_animation_space_is_for_the_group_only(db, client_for, network_a, voisin, path):
    assert _logged(client_for, network_a, "voisin@a.test").get(path).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/inscription/",
        "/signup/",
        "/register/",
        "/accounts/signup/",
        "/sinscrire/",
        "/creer-un-compte/",
        "/api/register/",
        "/accounts/register/",
    ],
)
def test_there_is_no_self_sign_up(db, client_for, network_a, path):
    assert client_for(network_a).get(path).status_code == 404
    assert client_for(None).get(path).status_code == 404


def test_publish_a_need_from_the_form(db, client_for, network_a, voisin):
    client = _logged(client_for, network_a, "voisin@a.test")
    theme = _theme(network_a)
    response = client.post(
        "/annonces/nouvelle/",
        {"kind": "need", "title": "Monter une étagère", "theme": theme.pk, "description": "Samedi"},
    )
    assert response.status_code == 302
    with inside(network_a):
        post = Post.objects.get(title="Monter une étagère")
    assert post.status == Post.Status.OPEN and post.author == voisin
    assert "Monter une étagère" in client.get(f"/annonces/{post.pk}/").content.decode()
    assert "Monter une étagère" in client.get("/annonces/?q=etagere").content.decode()


@pytest.mark.parametrize(
    "data, field_message",
    [
        ({"title": ""}, "Donnez un titre"),
        ({"title": "x" * 121}, "trop long"),
        ({"theme": "999999"}, "Sélectionnez un choix valide"),
        ({"description": "x" * 4001}, "trop longue"),
        ({"description": "Je le vends 20 €"}, "Pas d'argent entre voisins"),
    ],
)
def test_bad_post_input_gives_french_errors_and_writes_nothing(
    db, client_for, network_a, voisin, data, field_message
):
    client = _logged(client_for, network_a, "voisin@a.test")
    form = {"kind": "offer", "title": "Perceuse", "theme": _theme(network_a).pk, **data}
    with inside(network_a):
        before = Post.objects.count()
    response = client.post("/annonces/nouvelle/", form)
    assert response.status_code == 200
    assert field_message in html.unescape(response.content.decode())
    with inside(network_a):
        assert Post.objects.count() == before


def test_a_member_of_b_cannot_reach_a_post_of_a(
    db, client_for, network_a, network_b, network_b_open, voisin
):
    with inside(network_a):
        post = post_services.create_post(
            actor=voisin, author=voisin, kind="offer", title="Perceuse", theme=_theme(network_a)
        )
    _member(network_b, "bea@b.test")
    client_b = _logged(client_for, network_b, "bea@b.test")
    for path in (f"/annonces/{post.pk}/", f"/annonces/{post.pk}/modifier/"):
        assert client_b.get(path).status_code == 404
    for path in (f"/annonces/{post.pk}/statut/", f"/annonces/{post.pk}/interesse/"):
        assert client_b.post(path, {"status": "closed"}).status_code == 404
    with inside(network_a):
        assert Post.objects.get(pk=post.pk).status == Post.Status.OPEN
    with inside(network_b):
        assert not Post.objects.filter(title="Perceuse").exists()


def test_interest_then_exchange_then_thanks(db, client_for, network_a, pilote, voisin):
    with inside(network_a):
        need = post_services.create_post(
            actor=pilote,
            author=pilote,
            kind="need",
            title="Garder mon chat",
            theme=_theme(network_a, "Garde d'animaux"),
        )
    helper = _logged(client_for, network_a, "voisin@a.test")
    response = helper.post(f"/annonces/{need.pk}/interesse/", {"message": "Avec plaisir"})
    assert response.status_code == 302
    connection_url = response["Location"]
    assert "Avec plaisir" in helper.get(connection_url).content.decode()
    assert helper.post(connection_url + "echange-fait/").status_code == 302
    owner = _logged(client_for, network_a, "pilote@a.test")
    assert owner.post(connection_url + "merci/", {"thanks": "Merci Voisin !"}).status_code == 302
    page = owner.get(f"/membres/{voisin.pk}/").content.decode()
    assert "Garder mon chat" in page and "remercié" in page
    with inside(network_a):
        assert Notification.objects.filter(member=pilote, kind="connection").exists()


def test_registration_questionnaire_and_welcome_card(db, client_for, network_a, pilote):
    client = _logged(client_for, network_a, "pilote@a.test")
    response = client.post(
        "/animation/inscrire/",
        {
            "first_name": "Rose",
            "last_name": "Petit",
            "address": "3 allée des Lilas",
            "household_size": "2",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    with inside(network_a):
        rose = Member.objects.get(display_name="Rose P.")
    url = f"/membres/{rose.pk}/questionnaire/"
    page = client.get(url).content.decode()
    assert "Thème 1 sur 14" in page
    client.post(url + "?etape=0", {"can_offer": "on", "note": "Conseils jardin"})
    with inside(network_a):
        rose.refresh_from_db()
        assert rose.questionnaire_step == 1
    # Interrupted: coming back resumes at the second theme.
    assert "Thème 2 sur 14" in client.get(url).content.decode()
    # Looking at the last page before the end writes nothing (a GET never writes).
    client.get(f"/membres/{rose.pk}/questionnaire/fin/")
    with inside(network_a):
        assert not Post.objects.filter(author=rose).exists()
    for step in range(1, 14):
        response = client.post(f"{url}?etape={step}", {"note": ""})
        assert response.status_code == 302, (step, response.content.decode()[-3000:])
    assert response["Location"] == f"/membres/{rose.pk}/questionnaire/fin/"
    done = client.get(response["Location"]).content.decode()
    assert "Conseils jardin" in done
    with inside(network_a):  # the last answer made the draft, once
        assert Post.objects.filter(author=rose, status=Post.Status.DRAFT).count() == 1
    card = client.post(f"/animation/membres/{rose.pk}/carte/").content.decode()
    assert "<svg" in card and "reseau-a.coopere.localhost/activer/" in card
    assert re.search(r"[A-Z2-9]{5}-[A-Z2-9]{5}", card)  # the one-time code, printed
    assert mail.outbox == []  # no email given: the card is the only way in


def test_registration_bad_input_is_refused_in_french(db, client_for, network_a, pilote):
    client = _logged(client_for, network_a, "pilote@a.test")
    with inside(network_a):
        before = Member.objects.count()
    response = client.post(
        "/animation/inscrire/",
        {"first_name": "", "address": "", "household_size": "0", "email": "pas-un-email"},
    )
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    for message in ("prénom", "bâtiment ou la rue", "1 à 20", "adresse e-mail", "accepter"):
        assert message in body, message
    with inside(network_a):
        assert Member.objects.count() == before


def _png_bytes():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_photo_is_served_to_its_network_only(
    db, client_for, network_a, network_b, network_b_open, voisin
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _logged(client_for, network_a, "voisin@a.test")
    photo = SimpleUploadedFile("perceuse.png", _png_bytes(), content_type="image/png")
    response = client.post(
        "/annonces/nouvelle/",
        {
            "kind": "loan",
            "title": "Perceuse",
            "theme": _theme(network_a, "Prêt de matériel").pk,
            "photo": photo,
        },
    )
    assert response.status_code == 302
    with inside(network_a):
        url = Post.objects.get(title="Perceuse").photo.url
    assert url.startswith(f"/media/{network_a.schema_name}/")
    assert client.get(url).status_code == 200
    _member(network_b, "curieux@b.test")
    other = _logged(client_for, network_b, "curieux@b.test")
    assert other.get(url).status_code == 404  # another network's file, even with its path
    assert client_for(network_a).get(url).status_code == 302  # anonymous: log in first


def test_a_file_that_is_not_an_image_is_refused(db, client_for, network_a, voisin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = _logged(client_for, network_a, "voisin@a.test")
    fake = SimpleUploadedFile("virus.png", b"not an image", content_type="image/png")
    response = client.post(
        "/annonces/nouvelle/",
        {"kind": "loan", "title": "Perceuse", "theme": _theme(network_a).pk, "photo": fake},
    )
    assert response.status_code == 200
    assert "image" in html.unescape(response.content.decode()).lower()


def test_export_and_leave_from_the_profile_page(db, client_for, network_a, voisin):
    client = _logged(client_for, network_a, "voisin@a.test")
    data = client.get("/mon-profil/donnees.json")
    assert data.status_code == 200 and data.json()["profile"]["email"] == "voisin@a.test"
    csv_text = client.get("/mon-profil/donnees.csv").content.decode("utf-8-sig")
    assert "profil;email;voisin@a.test" in csv_text.splitlines()
    refused = client.post("/mon-profil/quitter/", follow=True)
    assert "Cochez la case" in html.unescape(refused.content.decode())
    response = client.post("/mon-profil/quitter/", {"confirm": "oui"})
    assert response.status_code == 200
    assert client.get("/mon-profil/").status_code == 302  # logged out for good
    with inside(network_a):
        voisin.refresh_from_db()
        assert voisin.anonymised_at and voisin.user.email is None


def test_moderation_page_shows_the_audit_trail(db, client_for, network_a, pilote, voisin):
    from exchange.services import moderation

    with inside(network_a):
        post = post_services.create_post(
            actor=voisin,
            author=voisin,
            kind="offer",
            title="Vote pour mon parti",
            theme=_theme(network_a),
        )
        moderation.report_content(actor=pilote, post=post, reason="Politique")
    client = _logged(client_for, network_a, "pilote@a.test")
    page = html.unescape(client.get("/animation/moderation/").content.decode())
    assert "Politique" in page
    response = client.post(
        f"/animation/moderation/annonce/{post.pk}/masquer/",
        {"note": "Neutralité : pas de politique"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/animation/moderation/"
    page = html.unescape(client.get("/animation/moderation/").content.decode())
    assert "Neutralité : pas de politique" in page  # in the audit trail
    assert "Aucun signalement en attente." in page  # the report is resolved
    with inside(network_a):
        post.refresh_from_db()
        assert post.is_hidden
        assert Notification.objects.filter(member=voisin, kind="moderation").exists()
    # `next` pointing off the site is not followed (no open redirect).
    for target in (
        "https://evil.example/",
        "//evil.example/",
        "http://reseau-b.coopere.localhost/",
    ):
        response = client.post(
            f"/animation/moderation/annonce/{post.pk}/retablir/", {"next": target}
        )
        assert response["Location"] == "/animation/moderation/", target
    # Hidden from neighbours, still visible to its author with the badge.
    assert (
        _logged(client_for, network_a, "voisin@a.test").get(f"/annonces/{post.pk}/").status_code
        == 200
    )
