"""The network's REST API: each endpoint works for members, refuses others, answers bad input
with 400 and field errors (writing nothing), and never shows or changes another network."""

import pytest
import yaml
from django.core.management import call_command
from django.db import connection as db_connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coopere.accounts.models import User
from exchange.models import Connection, Exchange, Member, Message, Notification, Post, Theme
from exchange.services import connections, posts, themes
from tests.conftest import PASSWORD, inside

JSON = "application/json"


def _member(network, email, **fields):
    with inside(network):
        user = User.objects.create_user(
            email=email, password=PASSWORD, first_name=email.split("@")[0].title()
        )
        return Member.objects.create(
            user=user, display_name=user.first_name, address="1 rue du Four", **fields
        )


@pytest.fixture
def login(client_for):
    def make(network, email):
        client = client_for(network)
        response = client.post("/connexion/", {"username": email, "password": PASSWORD})
        assert response.status_code == 302
        return client

    return make


@pytest.fixture
def anne(network_a):
    return _member(network_a, "anne@a.test", group_role=Member.GroupRole.PILOTE)


@pytest.fixture
def rose(network_a):
    return _member(network_a, "rose@a.test", phone="0601020304")


@pytest.fixture
def paul(network_a):
    return _member(network_a, "paul@a.test")


@pytest.fixture
def lea(network_a, paul):
    """Accompanied by Paul (her sponsor); she has no internet."""
    return _member(network_a, "lea@a.test", sponsor=paul)


@pytest.fixture
def theme(network_a):
    with inside(network_a):
        return Theme.objects.get(name="Coups de main")


@pytest.fixture
def offer(network_a, rose, theme):
    with inside(network_a):
        return posts.create_post(
            actor=rose, author=rose, kind="offer", title="Perceuse à prêter", theme=theme
        )


@pytest.fixture
def conn(network_a, offer, paul):
    """Paul is interested in Rose's offer."""
    with inside(network_a):
        return connections.express_interest(actor=paul, member=paul, post=offer, message="Bonjour")


@pytest.fixture
def bea(network_b):
    return _member(network_b, "bea@b.test", group_role=Member.GroupRole.PILOTE)


def _count(network, model, **filters):
    with inside(network):
        return model.objects.filter(**filters).count()


def _get(network, model, pk):
    with inside(network):
        return model.objects.get(pk=pk)


# --- Who may call the API ------------------------------------------------------------------

ENDPOINTS = [
    ("get", "/api/themes/"),
    ("post", "/api/themes/"),
    ("patch", "/api/themes/1/"),
    ("post", "/api/themes/1/retire/"),
    ("get", "/api/posts/"),
    ("post", "/api/posts/"),
    ("get", "/api/posts/1/"),
    ("patch", "/api/posts/1/"),
    ("post", "/api/posts/1/status/"),
    ("post", "/api/posts/1/interest/"),
    ("get", "/api/connections/"),
    ("get", "/api/connections/1/"),
    ("post", "/api/connections/1/messages/"),
    ("post", "/api/connections/1/share-contact/"),
    ("post", "/api/connections/1/exchange-done/"),
    ("post", "/api/connections/1/thanks/"),
    ("get", "/api/notifications/"),
    ("post", "/api/notifications/mark-read/"),
    ("get", "/api/me/"),
    ("patch", "/api/me/"),
]


@pytest.mark.parametrize("method, path", ENDPOINTS)
def test_anonymous_callers_are_refused(db, client_for, network_a, method, path):
    response = getattr(client_for(network_a), method)(path, {}, content_type=JSON)
    assert response.status_code == 403


@pytest.mark.parametrize("method, path", ENDPOINTS)
def test_users_without_an_active_member_profile_are_refused(
    db, client_for, login, network_a, rose, method, path
):
    # Alice (made by the session fixtures) has a user account but no Member row.
    without_profile = login(network_a, "alice@reseau-a.test")
    assert getattr(without_profile, method)(path, {}, content_type=JSON).status_code == 403
    client = login(network_a, "rose@a.test")
    with inside(network_a):
        Member.objects.filter(pk=rose.pk).update(anonymised_at=timezone.now())
    assert getattr(client, method)(path, {}, content_type=JSON).status_code == 403


def test_api_errors_speak_french_by_default_and_english_on_request(db, login, network_a, rose):
    client = login(network_a, "rose@a.test")
    assert client.post("/api/posts/", {}, content_type=JSON).json()["title"] == [
        "Ce champ est obligatoire."
    ]
    english = client.post("/api/posts/", {}, content_type=JSON, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["title"] == ["This field is required."]


# --- Themes --------------------------------------------------------------------------------


def test_themes_list_active_ones_and_animators_may_see_retired(db, login, network_a, anne, rose):
    with inside(network_a):
        retired = themes.add_theme(actor=anne, name="Ancien thème")
        themes.retire_theme(actor=anne, theme=retired)
    names = [t["name"] for t in login(network_a, "rose@a.test").get("/api/themes/?all=1").json()]
    assert "Coups de main" in names and "Ancien thème" not in names
    every = login(network_a, "anne@a.test").get("/api/themes/?all=1").json()
    assert "Ancien thème" in [t["name"] for t in every]


def test_animators_add_rename_and_retire_themes(db, login, network_a, anne):
    client = login(network_a, "anne@a.test")
    created = client.post("/api/themes/", {"name": "Cuisine"}, content_type=JSON)
    assert created.status_code == 201
    pk = created.json()["id"]
    renamed = client.patch(f"/api/themes/{pk}/", {"name": "Cuisine partagée"}, content_type=JSON)
    assert renamed.status_code == 200 and renamed.json()["name"] == "Cuisine partagée"
    retired = client.post(f"/api/themes/{pk}/retire/")
    assert retired.status_code == 200 and retired.json()["retired_at"]
    assert _get(network_a, Theme, pk).retired_at is not None


def test_members_cannot_curate_themes(db, login, network_a, rose, theme):
    client = login(network_a, "rose@a.test")
    assert client.post("/api/themes/", {"name": "Cuisine"}, content_type=JSON).status_code == 403
    response = client.patch(f"/api/themes/{theme.pk}/", {"name": "X"}, content_type=JSON)
    assert response.status_code == 403
    assert client.post(f"/api/themes/{theme.pk}/retire/").status_code == 403
    assert not _count(network_a, Theme, name__in=["Cuisine", "X"])
    assert _get(network_a, Theme, theme.pk).retired_at is None


@pytest.mark.parametrize(
    "data, field",
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 81}, "name"),
        ({"name": "coups de main"}, "name"),
        ({"name": "Cuisine", "description": "x" * 241}, "description"),
    ],
)
def test_bad_theme_input_is_refused(db, login, network_a, anne, data, field):
    before = _count(network_a, Theme)
    response = login(network_a, "anne@a.test").post("/api/themes/", data, content_type=JSON)
    assert response.status_code == 400 and field in response.json()
    assert _count(network_a, Theme) == before


def test_another_network_cannot_touch_a_theme(db, login, network_a, network_b, anne, bea):
    with inside(network_a):
        theme = themes.add_theme(actor=anne, name="Cuisine")
    client_b = login(network_b, "bea@b.test")
    response = client_b.patch(f"/api/themes/{theme.pk}/", {"name": "Volé"}, content_type=JSON)
    assert response.status_code == 404
    assert client_b.post(f"/api/themes/{theme.pk}/retire/").status_code == 404
    theme_now = _get(network_a, Theme, theme.pk)
    assert (theme_now.name, theme_now.retired_at) == ("Cuisine", None)


# --- Posts ---------------------------------------------------------------------------------


def _new_post(client, theme, /, **data):
    body = {"kind": "need", "title": "Monter une étagère", "theme": theme.pk, **data}
    return client.post("/api/posts/", body, content_type=JSON)


def test_publish_a_post_then_find_it(db, login, network_a, paul, theme):
    client = login(network_a, "paul@a.test")
    response = _new_post(client, theme, description="Samedi matin")
    assert response.status_code == 201
    created = response.json()
    assert created["status"] == "open" and created["acted_by"] is None
    assert created["author"] == {"id": paul.pk, "display_name": "Paul"}
    assert set(created["theme"]) == {"id", "name"}
    found = client.get("/api/posts/?q=etagere&kind=need").json()
    assert [p["id"] for p in found["results"]] == [created["id"]]
    assert client.get("/api/posts/?kind=offer").json()["count"] == 0
    assert client.get(f"/api/posts/?theme={theme.pk}").json()["count"] == 1
    assert client.get(f"/api/posts/{created['id']}/").json()["title"] == "Monter une étagère"


def test_a_draft_stays_with_its_author_and_sponsor(db, login, network_a, paul, lea, rose, theme):
    client = login(network_a, "paul@a.test")
    draft = _new_post(client, theme, publish=False, for_member=lea.pk).json()
    assert draft["status"] == "draft"
    assert client.get(f"/api/posts/{draft['id']}/").status_code == 200
    other = login(network_a, "rose@a.test")
    assert other.get(f"/api/posts/{draft['id']}/").status_code == 404
    assert other.get("/api/posts/").json()["count"] == 0


def test_a_hidden_post_is_for_its_author_and_animators(
    db, login, network_a, offer, anne, rose, paul
):
    with inside(network_a):
        Post.objects.filter(pk=offer.pk).update(is_hidden=True)
    path = f"/api/posts/{offer.pk}/"
    assert login(network_a, "rose@a.test").get(path).status_code == 200
    assert login(network_a, "anne@a.test").get(path).status_code == 200
    paul_client = login(network_a, "paul@a.test")
    assert paul_client.get(path).status_code == 404
    assert paul_client.get("/api/posts/").json()["count"] == 0


def test_the_list_never_shows_contact_details(db, login, network_a, offer, paul):
    post = login(network_a, "paul@a.test").get("/api/posts/").json()["results"][0]
    text = str(post)
    assert "rose@a.test" not in text and "0601020304" not in text and "rue du Four" not in text


@pytest.mark.parametrize(
    "data, field",
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"theme": 999999}, "theme"),
        ({"theme": "perceuse"}, "theme"),
        ({"kind": "sale"}, "kind"),
        ({"description": "x" * 4001}, "description"),
        ({"description": "Je la vends 20 €"}, "description"),
        ({"description": "Je la laisse à vingt balles"}, "description"),
        ({"title": "Prix : 5"}, "title"),
        ({"availability": "x" * 201}, "availability"),
    ],
)
def test_bad_post_input_is_refused_and_nothing_written(
    db, login, network_a, paul, theme, data, field
):
    response = _new_post(login(network_a, "paul@a.test"), theme, **data)
    assert response.status_code == 400
    assert field in response.json()
    assert _count(network_a, Post) == 0


def test_a_retired_theme_takes_no_new_post(db, login, network_a, anne, paul, theme):
    with inside(network_a):
        themes.retire_theme(actor=anne, theme=theme)
    response = _new_post(login(network_a, "paul@a.test"), theme)
    assert response.status_code == 400 and "theme" in response.json()


def test_a_missing_title_is_a_french_drf_error(db, login, network_a, paul, theme):
    body = {"kind": "need", "theme": theme.pk}
    response = login(network_a, "paul@a.test").post("/api/posts/", body, content_type=JSON)
    assert response.json() == {"title": ["Ce champ est obligatoire."]}


def test_a_sponsor_posts_for_the_member_they_accompany(db, login, network_a, paul, lea, theme):
    response = _new_post(login(network_a, "paul@a.test"), theme, for_member=lea.pk)
    assert response.status_code == 201
    created = response.json()
    assert created["author"]["id"] == lea.pk
    assert created["acted_by"] == {"id": paul.pk, "display_name": "Paul"}
    assert _get(network_a, Post, created["id"]).acted_by_id == paul.pk


def test_only_the_sponsor_may_act_for_an_accompanied_member(db, login, network_a, rose, lea, theme):
    response = _new_post(login(network_a, "rose@a.test"), theme, for_member=lea.pk)
    assert response.status_code == 404
    assert _count(network_a, Post) == 0


def test_a_post_edited_through_the_api_is_found_by_its_new_words(db, login, network_a, paul, theme):
    client = login(network_a, "paul@a.test")
    created = _new_post(client, theme, title="Vélo à réparer").json()
    assert [p["id"] for p in client.get("/api/posts/?q=velos").json()["results"]] == [created["id"]]
    changed = client.patch(
        f"/api/posts/{created['id']}/", {"title": "Tondeuses à prêter"}, content_type=JSON
    )
    assert changed.status_code == 200
    assert client.get("/api/posts/?q=velo").json()["count"] == 0
    found = client.get("/api/posts/?q=tondeuse").json()["results"]
    assert [p["id"] for p in found] == [created["id"]]


def test_authors_and_animators_edit_a_post_others_may_not(db, login, network_a, offer, anne, paul):
    path = f"/api/posts/{offer.pk}/"
    refused = login(network_a, "paul@a.test").patch(path, {"title": "À moi"}, content_type=JSON)
    assert refused.status_code == 403
    assert _get(network_a, Post, offer.pk).title == "Perceuse à prêter"
    rose_client = login(network_a, "rose@a.test")
    response = rose_client.patch(path, {"title": "Perceuse et forets"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["title"] == "Perceuse et forets"
    bad = rose_client.patch(path, {"title": " "}, content_type=JSON)
    assert bad.status_code == 400 and "title" in bad.json()
    fixed = login(network_a, "anne@a.test").patch(path, {"kind": "gift"}, content_type=JSON)
    assert fixed.status_code == 200
    post = _get(network_a, Post, offer.pk)
    assert (post.title, post.kind) == ("Perceuse et forets", "gift")


def test_changing_a_post_status(db, login, network_a, offer, paul):
    path = f"/api/posts/{offer.pk}/status/"
    paul_client = login(network_a, "paul@a.test")
    assert paul_client.post(path, {"status": "closed"}, content_type=JSON).status_code == 403
    client = login(network_a, "rose@a.test")
    assert client.post(path, {"status": "done"}, content_type=JSON).json()["status"] == "done"
    for bad in ("in_progress", "nonsense", ""):
        response = client.post(path, {"status": bad}, content_type=JSON)
        assert response.status_code == 400 and "status" in response.json(), bad
    assert _get(network_a, Post, offer.pk).status == "done"


def test_expressing_interest_opens_a_connection(db, login, network_a, offer, paul, lea):
    client = login(network_a, "paul@a.test")
    path = f"/api/posts/{offer.pk}/interest/"
    response = client.post(path, {"message": "Je peux passer ?"}, content_type=JSON)
    assert response.status_code == 201
    assert response.json()["requester"]["id"] == paul.pk
    for_lea = client.post(path, {"message": "Pour Léa", "for_member": lea.pk}, content_type=JSON)
    assert for_lea.status_code == 201 and for_lea.json()["requester"]["id"] == lea.pk
    with inside(network_a):
        message = Message.objects.get(body="Pour Léa")
        assert (message.author_id, message.acted_by_id) == (lea.pk, paul.pk)


def test_interest_refused_for_own_post_too_long_or_not_sponsored(
    db, login, network_a, offer, rose, paul, lea
):
    path = f"/api/posts/{offer.pk}/interest/"
    own = login(network_a, "rose@a.test").post(path, {}, content_type=JSON)
    assert own.status_code == 400 and "non_field_errors" in own.json()
    assert (
        login(network_a, "rose@a.test")
        .post(path, {"for_member": lea.pk}, content_type=JSON)
        .status_code
        == 404
    )
    too_long = login(network_a, "paul@a.test").post(
        path, {"message": "x" * 2001}, content_type=JSON
    )
    assert too_long.status_code == 400 and "message" in too_long.json()
    assert _count(network_a, Connection) == 0


def test_another_network_cannot_reach_a_post(db, login, network_a, network_b, offer, bea):
    client_b = login(network_b, "bea@b.test")
    path = f"/api/posts/{offer.pk}/"
    assert client_b.get(path).status_code == 404
    assert client_b.patch(path, {"title": "Volé"}, content_type=JSON).status_code == 404
    closing = {"status": "closed"}
    assert client_b.post(path + "status/", closing, content_type=JSON).status_code == 404
    assert client_b.post(path + "interest/", {}, content_type=JSON).status_code == 404
    assert client_b.get("/api/posts/").json()["count"] == 0
    post = _get(network_a, Post, offer.pk)
    assert (post.title, post.status) == ("Perceuse à prêter", "open")
    assert _count(network_a, Connection) == 0 and _count(network_b, Post) == 0


# --- Connections ---------------------------------------------------------------------------


def test_connections_list_only_mine(db, login, network_a, conn, paul, anne):
    mine = login(network_a, "paul@a.test").get("/api/connections/").json()
    assert [c["id"] for c in mine["results"]] == [conn.pk]
    assert login(network_a, "anne@a.test").get("/api/connections/").json()["count"] == 0


def test_a_connection_shows_its_messages_and_contact_only_once_shared(
    db, login, network_a, conn, rose, anne
):
    paul_client = login(network_a, "paul@a.test")
    path = f"/api/connections/{conn.pk}/"
    detail = paul_client.get(path).json()
    assert [m["body"] for m in detail["messages"]] == ["Bonjour"]
    assert detail["contact"] is None and "0601020304" not in str(detail)
    shared = login(network_a, "rose@a.test").post(path + "share-contact/")
    assert shared.status_code == 200 and shared.json()["author_shares_contact"] is True
    assert paul_client.get(path).json()["contact"] == {
        "email": "rose@a.test",
        "phone": "0601020304",
    }
    assert login(network_a, "anne@a.test").get(path).status_code == 404


def test_sending_a_message(db, login, network_a, conn, anne):
    path = f"/api/connections/{conn.pk}/messages/"
    client = login(network_a, "rose@a.test")
    response = client.post(path, {"body": "Avec plaisir"}, content_type=JSON)
    assert response.status_code == 201 and response.json()["author"]["display_name"] == "Rose"
    for bad in ({"body": ""}, {"body": "x" * 2001}, {}):
        response = client.post(path, bad, content_type=JSON)
        assert response.status_code == 400 and "body" in response.json()
    outsider = login(network_a, "anne@a.test").post(path, {"body": "Hé"}, content_type=JSON)
    assert outsider.status_code == 404
    assert _count(network_a, Message, connection=conn) == 2


def test_exchange_done_then_thanks(db, login, network_a, conn, paul):
    path = f"/api/connections/{conn.pk}/"
    rose_client, paul_client = login(network_a, "rose@a.test"), login(network_a, "paul@a.test")
    early = paul_client.post(path + "thanks/", {"message": "Merci"}, content_type=JSON)
    assert early.status_code == 400 and "non_field_errors" in early.json()
    done = rose_client.post(path + "exchange-done/")
    assert done.status_code == 200 and done.json()["receiver"] == paul.pk
    assert rose_client.post(path + "thanks/", {}, content_type=JSON).status_code == 400
    too_long = paul_client.post(path + "thanks/", {"message": "x" * 281}, content_type=JSON)
    assert too_long.status_code == 400 and "message" in too_long.json()
    with inside(network_a):
        assert Exchange.objects.get(connection_id=conn.pk).thanked_at is None
    thanked = paul_client.post(path + "thanks/", {"message": "Merci Rose"}, content_type=JSON)
    assert thanked.status_code == 200 and thanked.json()["thanks"] == "Merci Rose"


def test_a_sponsor_acts_in_the_connections_of_the_member_they_accompany(
    db, login, network_a, offer, paul, lea, rose
):
    with inside(network_a):
        conn = connections.express_interest(actor=paul, member=lea, post=offer)
    path = f"/api/connections/{conn.pk}/"
    client = login(network_a, "paul@a.test")
    assert client.get(path).status_code == 200
    assert (
        client.post(path + "messages/", {"body": "Léa passera"}, content_type=JSON).status_code
        == 201
    )
    with inside(network_a):
        message = Message.objects.get(body="Léa passera")
        assert (message.author_id, message.acted_by_id) == (lea.pk, paul.pk)
    assert client.post(path + "exchange-done/").status_code == 200
    with inside(network_a):
        assert Exchange.objects.get(connection_id=conn.pk).acted_by_id == paul.pk


def test_another_network_cannot_reach_a_connection(db, login, network_a, network_b, conn, bea):
    client_b = login(network_b, "bea@b.test")
    path = f"/api/connections/{conn.pk}/"
    assert client_b.get(path).status_code == 404
    for action, data in [
        ("messages/", {"body": "Hé"}),
        ("share-contact/", {}),
        ("exchange-done/", {}),
        ("thanks/", {"message": "Merci"}),
    ]:
        assert client_b.post(path + action, data, content_type=JSON).status_code == 404
    assert client_b.get("/api/connections/").json()["count"] == 0
    now = _get(network_a, Connection, conn.pk)
    assert not (now.requester_shares_contact or now.author_shares_contact)
    assert _count(network_a, Message) == 1 and _count(network_a, Exchange) == 0


# --- Notifications -------------------------------------------------------------------------


def test_notifications_list_and_mark_read(db, login, network_a, conn, offer, rose, paul):
    with inside(network_a):
        connections.send_message(actor=rose, member=rose, connection=conn, body="Oui")
    rose_client = login(network_a, "rose@a.test")
    mine = rose_client.get("/api/notifications/").json()
    assert mine["count"] == 1 and mine["results"][0]["connection"] == conn.pk
    with inside(network_a):
        paul_id = Notification.objects.get(member=paul).pk
        rose_id = Notification.objects.get(member=rose).pk
    marked = rose_client.post(
        "/api/notifications/mark-read/", {"ids": [paul_id]}, content_type=JSON
    )
    assert marked.json() == {"marked": 0}  # not hers
    bad = rose_client.post("/api/notifications/mark-read/", {"ids": ["x"]}, content_type=JSON)
    assert bad.status_code == 400 and "ids" in bad.json()
    assert rose_client.post("/api/notifications/mark-read/", {}, content_type=JSON).json() == {
        "marked": 1
    }
    assert _get(network_a, Notification, rose_id).read_at is not None
    assert _get(network_a, Notification, paul_id).read_at is None


def test_another_network_cannot_read_or_mark_notifications(
    db, login, network_a, network_b, conn, rose, bea
):
    with inside(network_a):
        notification = Notification.objects.get(member=rose)
    client_b = login(network_b, "bea@b.test")
    assert client_b.get("/api/notifications/").json()["count"] == 0
    client_b.post("/api/notifications/mark-read/", {"ids": [notification.pk]}, content_type=JSON)
    assert _get(network_a, Notification, notification.pk).read_at is None


# --- Me ------------------------------------------------------------------------------------


def test_me_shows_my_profile_and_changes_my_preferences(db, login, network_a, paul, lea):
    client = login(network_a, "paul@a.test")
    me = client.get("/api/me/").json()
    assert me["email"] == "paul@a.test" and me["sponsored"] == [
        {"id": lea.pk, "display_name": "Lea"}
    ]
    changes = {"show_address": True, "notification_mode": "never", "display_name": "Ignoré"}
    response = client.patch("/api/me/", changes, content_type=JSON)
    assert response.status_code == 200 and response.json()["notification_mode"] == "never"
    paul_now = _get(network_a, Member, paul.pk)
    assert (paul_now.show_address, paul_now.display_name) == (True, "Paul")


def test_bad_preferences_are_refused(db, login, network_a, paul):
    client = login(network_a, "paul@a.test")
    for bad in ({"notification_mode": "hourly"}, {"show_address": "maybe"}):
        response = client.patch("/api/me/", {**bad, "share_contact": True}, content_type=JSON)
        assert response.status_code == 400 and set(response.json()) == set(bad)
    paul_now = _get(network_a, Member, paul.pk)
    assert (paul_now.notification_mode, paul_now.share_contact) == ("daily", False)


def test_me_is_per_network(db, login, network_b, bea, paul):
    assert login(network_b, "bea@b.test").get("/api/me/").json()["id"] == bea.pk


# --- Query counts --------------------------------------------------------------------------


def _fill(network, reader, count):
    """`count` open posts by various authors, each with a connection and a notification."""
    with inside(network):
        themes_ = list(Theme.objects.all())
        authors = [
            Member.objects.create(
                user=User.objects.create_user(email=None, first_name="A"),
                display_name=f"A{i}",
                address="rue",
            )
            for i in range(3)
        ]
        start = Post.objects.count()
        new = Post.objects.bulk_create(
            Post(
                kind="offer",
                title=f"Perceuse numéro {start + i}",
                theme=themes_[i % len(themes_)],
                author=authors[i % 3],
                acted_by=authors[(i + 1) % 3] if i % 2 else None,
                status=Post.Status.OPEN,
                published_at=timezone.now(),
            )
            for i in range(count)
        )
        for post in new:
            link = Connection.objects.create(post=post, requester=reader)
            if post.pk % 2:
                Exchange.objects.create(
                    connection=link,
                    theme=post.theme,
                    giver=post.author,
                    receiver=reader,
                    marked_by=reader,
                )
            Notification.objects.create(
                member=reader, kind="match", text="x", post=post, dedupe_key=f"t{post.pk}"
            )


@pytest.mark.parametrize(
    "path",
    ["/api/posts/", "/api/posts/?q=perceuse", "/api/connections/", "/api/notifications/"],
)
def test_lists_run_a_constant_number_of_queries(db, login, network_a, paul, path):
    client = login(network_a, "paul@a.test")

    def queries():
        with CaptureQueriesContext(db_connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    _fill(network_a, paul, 5)
    few = queries()
    _fill(network_a, paul, 25)
    assert queries() == few


# --- OpenAPI -------------------------------------------------------------------------------


def test_the_schema_documents_every_endpoint_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command(
        "spectacular",
        "--urlconf=coopere.urls_tenant",
        "--validate",
        "--fail-on-warn",
        f"--file={target}",
    )
    paths = yaml.safe_load(target.read_text())["paths"]
    for _method, path in ENDPOINTS:
        assert path.replace("/1/", "/{id}/") in paths, path
    assert paths["/api/posts/"]["get"]["tags"] == ["posts"]
    assert "delete" not in paths["/api/posts/{id}/"]
