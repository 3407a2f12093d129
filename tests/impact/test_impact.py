"""The impact page and the monthly snapshot in public: same figures, constant queries,
for the Groupe d'Animation only, and never another network's rows."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from community.impact import services, tasks
from exchange.models import Member, Theme
from exchange.services import connections, posts
from tenants.models import NetworkSnapshot
from tests.conftest import inside
from tests.exchange.test_pages import _logged, _member

# Month and year arithmetic: also run at 31 Dec 23:59, 1 Jan and 29 Feb.
pytestmark = pytest.mark.calendar_edges


def _exchanges(network, count, *, prefix="x"):
    """`count` exchanges done this month in network, between fresh members."""
    with inside(network):
        giver = Member.objects.filter(display_name="Giver").first() or _member(
            network, f"giver-{prefix}@{network.slug}.test"
        )
        theme = Theme.objects.get(name="Coups de main")
        for i in range(count):
            taker = _member(network, f"{prefix}{i}@{network.slug}.test")
            post = posts.create_post(
                actor=giver, author=giver, kind="offer", title=f"Aide {prefix}{i}", theme=theme
            )
            conn = connections.express_interest(actor=taker, member=taker, post=post)
            connections.mark_exchange_done(actor=taker, member=taker, connection=conn)


def _figure(page: str, label: str) -> str:
    match = re.search(rf"<th scope=\"row\">{re.escape(label)}</th><td>([^<]+)</td>", page)
    assert match, label
    return match.group(1).strip()


@pytest.fixture
def pilote(db, network_a):
    return _member(network_a, "pilote-impact@a.test", role=Member.GroupRole.PILOTE)


def test_the_snapshot_row_matches_the_page(pilote, client_for, network_a):
    _exchanges(network_a, 3)
    client = _logged(client_for, network_a, "pilote-impact@a.test")
    page = html.unescape(client.get("/impact/").content.decode())
    assert client.post("/impact/actualiser/").status_code == 302
    with schema_context(get_public_schema_name()):
        row = NetworkSnapshot.objects.get(
            network=network_a, month=timezone.localdate().replace(day=1)
        )
    assert _figure(page, "Échanges réalisés") == str(row.exchanges_done) == "3"
    assert _figure(page, "Habitants inscrits") == str(row.residents)
    assert row.exchanges_by_theme == {"Coups de main": 3}
    assert row.households_in_perimeter == network_a.estimated_households


def test_impact_is_for_the_group_only(pilote, client_for, network_a):
    _member(network_a, "simple@a.test")
    assert _logged(client_for, network_a, "simple@a.test").get("/impact/").status_code == 403
    response = client_for(network_a).get("/impact/")
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")
    assert client_for(network_a).post("/impact/actualiser/").status_code == 302


def test_another_networks_snapshots_never_show(pilote, client_for, network_a, network_b):
    _exchanges(network_b, 2, prefix="b")
    with inside(network_b):
        services.write_snapshot()
    client = _logged(client_for, network_a, "pilote-impact@a.test")
    page = html.unescape(client.get("/impact/").content.decode())
    assert _figure(page, "Échanges réalisés") == "0"
    csv_text = client.get("/impact/impact.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("mois;foyers_du_perimetre;foyers_touches")
    assert all(line.split(";")[7] == "0" for line in csv_text.splitlines()[1:])


def test_the_page_runs_a_constant_number_of_queries(pilote, client_for, network_a):
    client = _logged(client_for, network_a, "pilote-impact@a.test")
    _exchanges(network_a, 2, prefix="p")
    with CaptureQueriesContext(connection) as few:
        client.get("/impact/")
    _exchanges(network_a, 25, prefix="q")
    with inside(network_a):
        services.backfill_snapshots(months=6)
    with CaptureQueriesContext(connection) as many:
        client.get("/impact/")
    assert len(few.captured_queries) == len(many.captured_queries)


def test_backfill_writes_one_row_per_month_and_can_run_twice(db, network_a):
    with inside(network_a):
        assert services.backfill_snapshots(months=3) == 3
        services.backfill_snapshots(months=3)
    with schema_context(get_public_schema_name()):
        assert NetworkSnapshot.objects.filter(network=network_a).count() == 3


def test_snapshots_are_written_from_inside_a_network_only(db):
    with pytest.raises(RuntimeError):
        services.write_snapshot()


def test_the_monthly_dispatch_spreads_networks(db, monkeypatch):
    sent = []
    monkeypatch.setattr(
        tasks.write_impact_snapshot,
        "apply_async",
        lambda countdown=0, **kw: sent.append((connection.schema_name, countdown)),
    )
    assert tasks.dispatch_impact_snapshots() == 2
    assert [s for s, _ in sent] == ["n_reseau_a", "n_reseau_b"]
    assert sent[1][1] == tasks.SPREAD_SECONDS // 2
