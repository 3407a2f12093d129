"""The console's pipeline (/console/): operators only, filters, figures, bounded queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from coopere.accounts.models import User
from onboarding.coaching.models import HealthAlert
from onboarding.models import ChecklistItem, ItemCheck, NetworkChecklist, PhaseTransition
from onboarding.services import tick_item
from tenants.models import Network, NetworkSnapshot, Region
from tests.conftest import PASSWORD


def _bulk_networks(count: int, region, coach=None, prefix="bulk") -> list[Network]:
    """Network rows only (no schema: the console never enters them), in every phase."""
    phases = Network.Phase.values
    return Network.objects.bulk_create(
        Network(
            schema_name=f"n_{prefix}_{i}",
            state=Network.State.LIVE,
            name=f"Réseau {prefix} {i:04d}",
            slug=f"{prefix}-{i}",
            region=region,
            estimated_households=200,
            phase=phases[i % len(phases)],
            coach=coach if i % 2 else None,
            opened_at=timezone.now(),
        )
        for i in range(count)
    )


def _decorate(networks, operator, version1):
    """Give every network what the pipeline reads: snapshots, alerts, ticks, transitions."""
    month = timezone.localdate().replace(day=1)
    item = version1.items.filter(kind=ChecklistItem.Kind.MANUAL).first()
    NetworkSnapshot.objects.bulk_create(
        NetworkSnapshot(
            network=n,
            month=(month - datetime.timedelta(days=32 * back)).replace(day=1),
            computed_at=timezone.now(),
            group_size=6,
            cafes_held=1,
        )
        for n in networks
        for back in range(2)
    )
    HealthAlert.objects.bulk_create(
        HealthAlert(network=n, kind="no_cafe", opened_at=timezone.now()) for n in networks[::3]
    )
    NetworkChecklist.objects.bulk_create(
        NetworkChecklist(network=n, version=version1) for n in networks
    )
    ItemCheck.objects.bulk_create(
        ItemCheck(network=n, item=item, done_at=timezone.localdate(), done_by=operator)
        for n in networks
    )
    PhaseTransition.objects.bulk_create(
        PhaseTransition(
            network=n, from_phase="amorcage", to_phase=n.phase, at=timezone.now(), by=operator
        )
        for n in networks
        if n.phase != "amorcage"
    )


def _queries(client) -> int:
    client.get("/console/")  # warm: session, templates, django-tenants' pending search_path
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/console/?health=&q=")
    assert response.status_code == 200
    return len(queries)


def test_the_pipeline_runs_the_same_queries_for_3_and_300_networks(
    console, operator, region, version1
):
    first = _bulk_networks(3, region, coach=operator, prefix="small")
    _decorate(first, operator, version1)
    with_3 = _queries(console)
    more = _bulk_networks(297, region, coach=operator, prefix="big")
    _decorate(more, operator, version1)
    with_300 = _queries(console)
    assert with_3 == with_300
    # Every network is reachable: by the search, and page by page.
    body = console.get("/console/", {"q": "big 0296"}).content.decode()
    assert "Réseau big 0296" in body and "Réseau small 0002" not in body
    last = console.get("/console/", {"page": "7"})
    assert last.context["pipeline"].page == 7
    assert console.get("/console/", {"page": "7"}).context["pipeline"].count == 302


def test_the_pipeline_is_paged_by_phase_then_name(console, operator, region, version1):
    _bulk_networks(120, region, prefix="page")  # 30 in each phase
    first = console.get("/console/")
    pipeline = first.context["pipeline"]
    assert (pipeline.count, pipeline.pages, pipeline.page) == (122, 3, 1)
    counts = {code: n for code, _label, n in pipeline.phase_counts}
    assert counts == {"amorcage": 31, "lancement": 30, "structuration": 31, "autonomie": 30}
    shown = [row.network.name for _c, _l, rows in pipeline.phases for row in rows]
    assert len(shown) == 50 and shown[0] == "Réseau B" and shown[1] == "Réseau page 0000"
    body = first.content.decode()
    assert "Page 1 sur 3" in body and "Page suivante" in body and "Page précédente" not in body
    assert "1 à 50" in body
    second = console.get("/console/", {"page": "2", "phase": "", "q": ""})
    names = [row.network.name for _c, _l, rows in second.context["pipeline"].phases for row in rows]
    assert names[0] not in shown and len(names) == 50
    # The filters travel with the pages; a page out of range shows the last one.
    lancement = console.get("/console/", {"phase": "lancement", "page": "99"})
    assert lancement.status_code == 200
    assert (lancement.context["pipeline"].page, lancement.context["pipeline"].pages) == (1, 1)
    for bad in ("0", "-1", "abc", "99999999999999"):
        response = console.get("/console/", {"page": bad})
        assert response.status_code == 200 and response.context["pipeline"].page in (1, 3)


def test_the_search_finds_a_network_by_name_or_address(console, network_a, network_b):
    def slugs(query):
        response = console.get("/console/", {"q": query})
        assert response.status_code == 200
        return sorted(
            row.network.slug for _c, _l, rows in response.context["pipeline"].phases for row in rows
        )

    assert slugs("RÉSEAU A") == ["reseau-a"]
    assert slugs("reseau-b") == ["reseau-b"]  # the address
    assert slugs("introuvable") == []
    body = console.get("/console/", {"q": "introuvable"}).content.decode()
    assert "Aucun réseau ne correspond à ces filtres." in body
    assert console.get("/console/", {"q": "x" * 500}).status_code == 200  # too long: ignored


def test_anonymous_visitors_are_sent_to_the_login_page(db, client_for):
    for path in ("/console/", "/console/reseaux/nouveau/", "/console/reseaux/reseau-a/"):
        response = client_for(None).get(path)
        assert response.status_code == 302 and "/connexion/" in response["Location"]


def test_residents_and_partners_get_403(db, client_for, network_a, partner):
    # A resident's session of network A is worthless on the base domain…
    resident_a = client_for(network_a)
    resident_a.post("/connexion/", {"username": "alice@reseau-a.test", "password": PASSWORD})
    assert resident_a.cookies.get("sessionid")
    on_base = client_for(None)
    on_base.cookies = resident_a.cookies
    assert on_base.get("/console/").status_code == 302
    # …and a resident-kind or partner account of the public schema is refused.
    resident = User.objects.create_user(
        email="voisine@exemple.test", password=PASSWORD, first_name="Lou"
    )
    for user in (resident, partner):
        client = client_for(None)
        client.force_login(user)
        for path in ("/console/", "/console/reseaux/reseau-a/", "/console/reseaux/nouveau/"):
            assert client.get(path).status_code == 403
        assert client.post("/console/reseaux/reseau-a/coach/", {"coach": ""}).status_code == 403


def test_the_console_is_not_served_on_a_network_host(network_a, client_for, operator):
    assert client_for(network_a).get("/console/").status_code == 404


def test_networks_grouped_by_phase_with_their_figures(
    console, network_a, network_b, operator, item, snapshot
):
    Network.objects.filter(pk=network_b.pk).update(coach=operator, member_count=12)
    tick_item(network=network_b, item=item("perimeter-defined"), actor=operator)
    tick_item(network=network_b, item=item("meeting-place-found"), actor=operator)
    HealthAlert.objects.create(network=network_a, kind="no_cafe", opened_at=timezone.now())
    snapshot(network_a, group_size=7, cafes_held=1, newsletters_sent=1)
    response = console.get("/console/")
    assert response.status_code == 200
    groups = {code: rows for code, _label, rows in response.context["pipeline"].phases}
    (row_b,) = groups["amorcage"]
    assert (row_b.network.slug, row_b.done, row_b.total, row_b.open_alerts) == (
        "reseau-b",
        2,
        6,
        0,
    )
    assert row_b.network.coach == operator and row_b.network.member_count == 12
    (row_a,) = groups["structuration"]
    # Structuration: the newsletter is sent, not yet three cafés in three months.
    assert (row_a.done, row_a.total, row_a.open_alerts, row_a.days_in_phase) == (1, 7, 1, 0)
    body = response.content.decode()
    assert "Réseaux par phase" in body and "Essonne" in body
    assert "Nadia" in body  # the coach


def test_filters_region_coach_phase_health_and_name(console, network_a, network_b, operator):
    other = Region.objects.get(code="val-de-marne")
    Network.objects.filter(pk=network_b.pk).update(region=other, coach=operator)
    HealthAlert.objects.create(network=network_a, kind="no_cafe", opened_at=timezone.now())

    def slugs(query):
        response = console.get("/console/", query)
        assert response.status_code == 200
        return sorted(
            row.network.slug for _c, _l, rows in response.context["pipeline"].phases for row in rows
        )

    assert slugs({}) == ["reseau-a", "reseau-b"]
    assert slugs({"region": "val-de-marne"}) == ["reseau-b"]
    assert slugs({"coach": str(operator.pk)}) == ["reseau-b"]
    assert slugs({"coach": "none"}) == ["reseau-a"]
    assert slugs({"phase": "structuration"}) == ["reseau-a"]
    assert slugs({"health": "alerts"}) == ["reseau-a"]
    assert slugs({"health": "ok"}) == ["reseau-b"]
    assert slugs({"q": "seau b"}) == ["reseau-b"]
    regions = {r.code: r.live_count for r in console.get("/console/").context["regions"]}
    assert regions == {"essonne": 1, "val-de-marne": 1}


def test_closed_alerts_do_not_count(console, network_a):
    HealthAlert.objects.create(
        network=network_a, kind="no_cafe", opened_at=timezone.now(), closed_at=timezone.now()
    )
    response = console.get("/console/", {"health": "alerts"})
    assert response.context["pipeline"].count == 0


@pytest.mark.parametrize("state", ["spare", "template"])
def test_only_live_networks_are_listed(console, region, state):
    with schema_context("public"):
        Network.objects.create(schema_name=f"x_{state}", state=state)
    response = console.get("/console/")
    assert response.context["pipeline"].count == 2
