"""The Groupe d'Animation's pages: for the group only (other members 403, visitors to the
login page), clear French errors, and nothing of network A reachable from network B."""

import html
from datetime import timedelta

import pytest
from django.utils import timezone

from community.team import services
from community.team.models import Event, Task, TaskFamily
from exchange.models import Member
from tests.conftest import inside
from tests.exchange.test_pages import _logged, _member


@pytest.fixture
def world(db, network_a):
    """In A: a pilote, an animatrice, a plain member, a task, a fête."""
    pilote = _member(network_a, "pilote-groupe@a.test", role=Member.GroupRole.PILOTE)
    anim = _member(network_a, "anim-groupe@a.test", role=Member.GroupRole.ANIMATEUR)
    _member(network_a, "voisine-groupe@a.test")
    with inside(network_a):
        family = TaskFamily.objects.get(name="Communication")
        task = services.create_task(
            actor=pilote, family=family, title="Secret de A : affiches", assignee=anim
        )
        day = timezone.localdate() + timedelta(days=100)
        fete = services.create_fete(actor=pilote, year=day.year, date=day, place="Parc de A")
    return {"pilote": pilote, "anim": anim, "task": task, "fete": fete, "family": family}


def _pages(w):
    t, f = w["task"].pk, w["fete"].pk
    return [
        "/groupe/",
        "/groupe/taches/nouvelle/",
        f"/groupe/taches/{t}/modifier/",
        "/groupe/mes-taches/",
        "/groupe/charge/",
        "/groupe/fete/",
        f"/groupe/fete/{f}/",
    ]


def _actions(w):
    t = w["task"].pk
    return [f"/groupe/taches/{t}/{a}/" for a in ("terminer", "prendre", "laisser", "supprimer")]


def _text(response) -> str:
    return html.unescape(response.content.decode())


def test_every_page_renders_for_the_group(world, client_for, network_a):
    client = _logged(client_for, network_a, "anim-groupe@a.test")
    for path in _pages(world):
        response = client.get(path)
        assert response.status_code == 200, path
    board = _text(client.get("/groupe/"))
    for family in ("Inscriptions", "Animation des cafés-rencontres", "Reporting"):
        assert family in board
    assert "Secret de A : affiches" in board
    assert "Secret de A : affiches" in _text(client.get("/groupe/mes-taches/"))
    fete = _text(client.get(f"/groupe/fete/{world['fete'].pk}/"))
    assert "Fête de la Coopération" in fete and "Réserver le lieu" in fete


def test_the_subnav_shows_group_to_the_group_and_newsletter_to_all(world, client_for, network_a):
    group = _text(_logged(client_for, network_a, "anim-groupe@a.test").get("/annonces/"))
    plain = _text(_logged(client_for, network_a, "voisine-groupe@a.test").get("/annonces/"))
    assert 'href="/groupe/"' in group and 'href="/groupe/"' not in plain
    assert 'href="/lettre/archives/"' in group and 'href="/lettre/archives/"' in plain


def test_members_outside_the_group_get_403_and_change_nothing(world, client_for, network_a):
    client = _logged(client_for, network_a, "voisine-groupe@a.test")
    for path in _pages(world):
        assert client.get(path).status_code == 403, path
    for path in _actions(world):
        assert client.post(path).status_code == 403, path
    assert client.post("/groupe/taches/nouvelle/", {"title": "x"}).status_code == 403
    with inside(network_a):
        task = Task.objects.get(pk=world["task"].pk)
        assert task.done_at is None and task.assignee == world["anim"]
        assert not Task.objects.filter(title="x").exists()


def test_anonymous_visitors_are_sent_to_log_in(world, client_for, network_a):
    client = client_for(network_a)
    for path in _pages(world):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/connexion/")
    for path in _actions(world):
        assert client.post(path)["Location"].startswith("/connexion/"), path


def test_a_pilote_of_b_reaches_nothing_of_a(world, client_for, network_a, network_b):
    _member(network_b, "pilote-groupe@b.test", role=Member.GroupRole.PILOTE)
    client_b = _logged(client_for, network_b, "pilote-groupe@b.test")
    for path in _pages(world):
        response = client_b.get(path)
        assert response.status_code in (200, 404), path
        assert "Secret de A" not in _text(response) and "Parc de A" not in _text(response)
    t, f = world["task"].pk, world["fete"].pk
    assert client_b.get(f"/groupe/taches/{t}/modifier/").status_code == 404
    assert client_b.get(f"/groupe/fete/{f}/").status_code == 404
    for path in _actions(world):
        assert client_b.post(path).status_code == 404, path
    assert client_b.post(f"/groupe/taches/{t}/modifier/", {"title": "pirate"}).status_code == 404
    # B's session is worthless on A's host.
    client_b.defaults["HTTP_HOST"] = client_for(network_a).defaults["HTTP_HOST"]
    assert client_b.post(f"/groupe/taches/{t}/terminer/").status_code == 302
    with inside(network_a):
        task = Task.objects.get(pk=t)
        assert task.done_at is None and task.title == "Secret de A : affiches"
        assert Event.objects.filter(pk=f).exists()


def test_a_task_is_created_ticked_and_taken_over_http(world, client_for, network_a):
    client = _logged(client_for, network_a, "pilote-groupe@a.test")
    response = client.post(
        "/groupe/taches/nouvelle/",
        {
            "family": world["family"].pk,
            "title": "Lettre de septembre",
            "due_date": (timezone.localdate() + timedelta(days=5)).isoformat(),
            "recurrence": "monthly",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/groupe/"
    with inside(network_a):
        task = Task.objects.get(title="Lettre de septembre")
    assert client.post(f"/groupe/taches/{task.pk}/prendre/").status_code == 302
    response = client.post(f"/groupe/taches/{task.pk}/terminer/", {"next": "/groupe/mes-taches/"})
    assert response["Location"] == "/groupe/mes-taches/"
    client.post(f"/groupe/taches/{task.pk}/terminer/")  # twice: still one next occurrence
    with inside(network_a):
        task.refresh_from_db()
        assert task.done_at and task.assignee == world["pilote"]
        assert Task.objects.filter(title="Lettre de septembre").count() == 2
    response = client.post(f"/groupe/taches/{task.pk}/terminer/", {"next": "https://evil.test/"})
    assert response["Location"] == "/groupe/"  # never sent off-site


def test_bad_input_shows_french_errors_and_writes_nothing(world, client_for, network_a):
    client = _logged(client_for, network_a, "pilote-groupe@a.test")
    with inside(network_a):
        before = Task.objects.count()
    response = client.post(
        "/groupe/taches/nouvelle/",
        {"family": world["family"].pk, "title": " ", "recurrence": "weekly"},
    )
    text = _text(response)
    assert response.status_code == 200
    assert "Donnez à la tâche un titre court" in text
    assert "Une tâche qui revient a besoin d'une échéance" in text
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post("/groupe/fete/", {"date": past, "place": "Parc"})
    assert "Cette date est déjà passée" in _text(response)
    assert client.post(f"/groupe/taches/{world['task'].pk}/envoler/").status_code == 404
    with inside(network_a):
        assert Task.objects.count() == before and Event.objects.count() == 1


def test_the_load_page_warns_gently(world, client_for, network_a):
    _member(network_a, "anim2-groupe@a.test", role=Member.GroupRole.COPILOTE)
    with inside(network_a):
        for i in range(12):
            services.create_task(
                actor=world["pilote"],
                family=world["family"],
                title=f"Tâche {i}",
                assignee=world["pilote"],
            )
    text = _text(_logged(client_for, network_a, "anim-groupe@a.test").get("/groupe/charge/"))
    # 12 of 13 open tasks on the pilote, in a group of at least three.
    assert "C'est beaucoup : Pilote-Groupe porte plus de deux fois la moyenne du groupe" in text
    assert text.count("C'est beaucoup") == 1
