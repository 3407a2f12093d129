"""A region's figures, the national totals and the coaches' load: from public rows only,
in a fixed number of queries whatever the number of networks."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from onboarding.coaching.models import HealthAlert
from onboarding.rollout import selectors
from tenants.models import Network, Region


def test_a_regions_figures_add_the_latest_stocks_and_a_years_exchanges(
    region, network_a, network_b, snapshot
):
    # A: two months; only the latest counts for stocks, both for exchanges.
    snapshot(network_a, 1, households_in_perimeter=300, households_reached=50, residents=40)
    snapshot(
        network_a,
        0,
        households_in_perimeter=300,
        households_reached=90,
        residents=70,
        accompanied=5,
        exchanges_done=4,
    )
    snapshot(network_b, 0, households_in_perimeter=200, households_reached=10, residents=12)
    # Thirteen months ago: too old for the exchanges.
    snapshot(network_b, 13, exchanges_done=100)
    figures = selectors.figures_by_region(region)[region.pk]
    assert figures.networks == 2
    assert figures.by_phase == {"structuration": 1, "amorcage": 1}
    assert (figures.households_in_perimeter, figures.households_reached) == (500, 100)
    assert (figures.residents, figures.accompanied, figures.reporting) == (82, 5, 2)
    assert figures.exchanges == 4
    assert figures.reach_percent == 20


def test_other_regions_and_closed_networks_do_not_count(region, network_a, network_b, snapshot):
    other = Region.objects.get(code="val-de-marne")
    Network.objects.filter(pk=network_b.pk).update(region=other)
    snapshot(network_a, 0, residents=10, exchanges_done=1)
    snapshot(network_b, 0, residents=99, exchanges_done=9)
    spare = Network.objects.create(schema_name="x_spare_fig", state=Network.State.SPARE)
    snapshot(spare, 0, residents=1000)
    by_region = selectors.figures_by_region()
    assert (by_region[region.pk].residents, by_region[region.pk].exchanges) == (10, 1)
    assert (by_region[other.pk].residents, by_region[other.pk].exchanges) == (99, 9)
    national = selectors.national()
    assert (national.total.networks, national.total.residents, national.total.exchanges) == (
        2,
        109,
        10,
    )
    assert [r.code for r, _f in national.rows] == ["essonne", "val-de-marne"]


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def test_figures_and_loads_take_the_same_queries_for_3_and_300_networks(
    region, coach, bulk_networks, snapshot
):
    def load():
        selectors.national()
        selectors.coach_loads()

    first = bulk_networks(3, region, prefix="petit", coach=coach)
    for n in first:
        snapshot(n, 0, residents=3)
    with_3 = _queries(load)
    more = bulk_networks(297, region, prefix="grand", coach=coach)
    for n in more[::50]:
        snapshot(n, 0, residents=3)
    assert _queries(load) == with_3


def test_a_coachs_load_by_phase_with_open_alerts(coach, network_a, network_b):
    Network.objects.filter(pk=network_a.pk).update(coach=coach)
    HealthAlert.objects.create(network=network_a, kind="no_cafe", opened_at=timezone.now())
    HealthAlert.objects.create(network=network_b, kind="no_cafe", opened_at=timezone.now())
    HealthAlert.objects.create(
        network=network_a, kind="no_newcomer", opened_at=timezone.now(), closed_at=timezone.now()
    )
    loads = {load.coach: load for load in selectors.coach_loads()}
    mine = loads[coach]
    assert (mine.networks, mine.by_phase, mine.open_alerts) == (1, {"structuration": 1}, 1)
    nobody = loads[None]
    assert (nobody.networks, nobody.by_phase, nobody.open_alerts) == (1, {"amorcage": 1}, 1)
    (followed,) = selectors.networks_of_coach(coach)
    assert (followed.slug, followed.open_alerts) == ("reseau-a", 1)
