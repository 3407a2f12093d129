"""List and search pages run a constant number of queries, whatever the number of posts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coopere.accounts.models import User
from exchange.models import Member, Post, Theme
from tests.conftest import PASSWORD, inside


def _make_posts(network, count):
    with inside(network):
        themes = list(Theme.objects.all())
        authors = [
            Member.objects.create(
                user=User.objects.create_user(email=f"auteur{i}@a.test", first_name=f"A{i}"),
                display_name=f"A{i}",
                address="rue",
            )
            for i in range(5)
        ]
        Post.objects.bulk_create(
            Post(
                kind="offer" if i % 2 else "need",
                title=f"Perceuse numéro {i}",
                description="Une perceuse électrique à prêter",
                theme=themes[i % len(themes)],
                author=authors[i % 5],
                acted_by=authors[(i + 1) % 5] if i % 3 == 0 else None,
                status=Post.Status.OPEN,
            )
            for i in range(count)
        )


def _count_queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["/annonces/", "/annonces/?q=perceuse", "/annonces/?kind=offer"])
def test_post_list_query_count_does_not_grow(db, client_for, network_a, path):
    with inside(network_a):
        user = User.objects.create_user(email="lectrice@a.test", password=PASSWORD, first_name="L")
        Member.objects.create(user=user, display_name="L", address="rue")
    client = client_for(network_a)
    client.post("/connexion/", {"username": "lectrice@a.test", "password": PASSWORD})

    _make_posts(network_a, 5)
    few = _count_queries(client, path)
    _make_more(network_a, 195)
    many = _count_queries(client, path)
    assert few == many, (few, many)


def _make_more(network, count):
    with inside(network):
        theme = Theme.objects.first()
        author = Member.objects.exclude(display_name="L").first()
        Post.objects.bulk_create(
            Post(
                kind="offer",
                title=f"Perceuse bis {i}",
                description="perceuse",
                theme=theme,
                author=author,
                status=Post.Status.OPEN,
            )
            for i in range(count)
        )
