"""A sponsor posts for the neighbour they accompany, from the neighbour's page or from "new
post" ("Pour :"). The post says "par <parrain> pour <membre>". Nobody else can."""

import html

import pytest

from coopere.accounts.models import User
from exchange.models import Member, Post, Theme
from exchange.services import registration
from tests.conftest import PASSWORD, inside


def _member(network, email, first_name, *, sponsor=None, show_in_directory=True):
    with inside(network):
        user = User.objects.create_user(email=email, password=PASSWORD, first_name=first_name)
        return Member.objects.create(
            user=user,
            display_name=f"{first_name} R.",
            address="2 rue du Puits",
            sponsor=sponsor,
            show_in_directory=show_in_directory,
        )


def _logged(client_for, network, email):
    client = client_for(network)
    assert client.post("/connexion/", {"username": email, "password": PASSWORD}).status_code == 302
    return client


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def paul(db, network_a):
    return _member(network_a, "paul@a.test", "Paul")


@pytest.fixture
def jeanne(db, network_a, paul):
    """Accompanied by Paul; no internet; not in the directory."""
    return _member(network_a, "jeanne@a.test", "Jeanne", sponsor=paul, show_in_directory=False)


@pytest.fixture
def rose(db, network_a):
    return _member(network_a, "rose@a.test", "Rose")


@pytest.fixture
def theme(network_a):
    with inside(network_a):
        return Theme.objects.get(name="Coups de main")


def _form(theme, **data):
    return {"kind": "need", "title": "Courses le jeudi", "theme": theme.pk, **data}


def _count(network) -> int:
    with inside(network):
        return Post.objects.count()


def test_from_the_neighbours_page_the_sponsor_posts_for_her(
    client_for, network_a, paul, jeanne, rose, theme
):
    client = _logged(client_for, network_a, "paul@a.test")
    page = _text(client.get(f"/membres/{jeanne.pk}/"))
    link = f'href="/annonces/nouvelle/?pour={jeanne.pk}"'
    assert link in page and "Publier une annonce pour Jeanne" in page

    form = _text(client.get(f"/annonces/nouvelle/?pour={jeanne.pk}"))
    assert '<select name="pour"' in form
    assert f'<option value="{jeanne.pk}" selected>Jeanne R.</option>' in form
    assert f'<option value="{paul.pk}">Moi-même</option>' in form

    response = client.post(
        f"/annonces/nouvelle/?pour={jeanne.pk}", _form(theme, pour=jeanne.pk), follow=True
    )
    shown = _text(response)
    assert "publiée pour Jeanne R." in shown
    assert "par Paul R. pour Jeanne R." in shown  # the post's page
    with inside(network_a):
        post = Post.objects.get()
    assert (post.author, post.acted_by, post.status) == (jeanne, paul, Post.Status.OPEN)
    # The list says it too, to everyone.
    listing = _text(_logged(client_for, network_a, "rose@a.test").get("/annonces/"))
    assert "Courses le jeudi" in listing and "par Paul R. pour Jeanne R." in listing


def test_from_new_post_the_pour_choice_picks_who(client_for, network_a, paul, jeanne, theme):
    client = _logged(client_for, network_a, "paul@a.test")
    form = _text(client.get("/annonces/nouvelle/"))
    assert '<label for="id_pour">Pour</label>' in form
    assert f'<option value="{paul.pk}" selected>Moi-même</option>' in form

    client.post("/annonces/nouvelle/", _form(theme, pour=jeanne.pk, title="Pour Jeanne"))
    # Opened from her page, then switched back to "Moi-même": the choice wins.
    client.post(
        f"/annonces/nouvelle/?pour={jeanne.pk}", _form(theme, pour=paul.pk, title="Pour moi")
    )
    with inside(network_a):
        made = {p.title: (p.author, p.acted_by) for p in Post.objects.all()}
    assert made == {"Pour Jeanne": (jeanne, paul), "Pour moi": (paul, None)}


def test_a_member_with_nobody_to_accompany_has_no_choice_and_no_link(
    client_for, network_a, paul, jeanne, rose, theme
):
    client = _logged(client_for, network_a, "rose@a.test")
    form = _text(client.get("/annonces/nouvelle/"))
    assert '<select name="pour"' not in form and "Moi-même" not in form
    assert client.post("/annonces/nouvelle/", _form(theme)).status_code == 302
    with inside(network_a):
        assert Post.objects.get().author == rose
    paul_page = _text(client.get(f"/membres/{paul.pk}/"))
    assert "Publier une annonce pour" not in paul_page


def test_a_non_sponsor_cannot_post_for_her(client_for, network_a, paul, jeanne, rose, theme):
    client = _logged(client_for, network_a, "rose@a.test")
    assert client.get(f"/annonces/nouvelle/?pour={jeanne.pk}").status_code == 404
    assert client.post("/annonces/nouvelle/", _form(theme, pour=jeanne.pk)).status_code == 404
    assert client.post("/annonces/nouvelle/", _form(theme, pour="abc")).status_code == 404
    # Nor can the neighbour post for her sponsor.
    jeanne_client = _logged(client_for, network_a, "jeanne@a.test")
    assert jeanne_client.post("/annonces/nouvelle/", _form(theme, pour=paul.pk)).status_code == 404
    assert _count(network_a) == 0
    # And her page stays private to others (she is not in the directory), not to Paul.
    assert client.get(f"/membres/{jeanne.pk}/").status_code == 404
    assert (
        _logged(client_for, network_a, "paul@a.test").get(f"/membres/{jeanne.pk}/").status_code
        == 200
    )


def test_another_network_cannot_post_for_her_nor_see_the_post(
    client_for, network_a, network_b, network_b_open, paul, jeanne, theme
):
    _logged(client_for, network_a, "paul@a.test").post(
        "/annonces/nouvelle/", _form(theme, pour=jeanne.pk)
    )
    with inside(network_a):
        post = Post.objects.get()
    _member(network_b, "bea@b.test", "Bea")
    client_b = _logged(client_for, network_b, "bea@b.test")
    assert client_b.get(f"/annonces/nouvelle/?pour={jeanne.pk}").status_code == 404
    with inside(network_b):
        theme_b = Theme.objects.get(name="Coups de main")
    assert client_b.post("/annonces/nouvelle/", _form(theme_b, pour=jeanne.pk)).status_code == 404
    assert client_b.get(f"/annonces/{post.pk}/").status_code == 404
    assert "Courses le jeudi" not in _text(client_b.get("/annonces/?q=courses"))
    assert _count(network_b) == 0 and _count(network_a) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": ""}, "Donnez un titre"),
        ({"description": "Je lui donne dix euros"}, "Pas d'argent entre voisins"),
        ({"description": "Cinq balles la course"}, "Pas d'argent entre voisins"),
    ],
)
def test_bad_input_for_her_shows_the_french_message_and_writes_nothing(
    client_for, network_a, paul, jeanne, theme, data, message
):
    client = _logged(client_for, network_a, "paul@a.test")
    response = client.post("/annonces/nouvelle/", _form(theme, pour=jeanne.pk, **data))
    assert response.status_code == 200
    shown = _text(response)
    assert message in shown
    assert f'<option value="{jeanne.pk}" selected>Jeanne R.</option>' in shown  # still for her
    assert _count(network_a) == 0


def test_the_sponsor_confirms_her_questionnaire_drafts_from_his_profile(
    client_for, network_a, paul, jeanne
):
    with inside(network_a):
        theme = Theme.objects.get(name="Coups de main")
        registration.save_answer(
            member=jeanne, theme=theme, can_offer=True, note="Je raccommode les vêtements"
        )
        (draft,) = registration.finish_questionnaire(member=jeanne)
    client = _logged(client_for, network_a, "paul@a.test")
    profile = _text(client.get("/mon-profil/"))
    assert "Les voisins que j'accompagne" in profile
    assert "Je raccommode les vêtements" in profile
    assert f'href="/annonces/nouvelle/?pour={jeanne.pk}"' in profile
    response = client.post(f"/annonces/{draft.pk}/statut/", {"status": "open"})
    assert response.status_code == 302
    found = _text(client.get("/annonces/?q=vetement"))
    assert "Je raccommode les vêtements" in found
