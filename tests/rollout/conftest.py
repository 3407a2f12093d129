"""Fixtures of the roll-out tests (regions, national totals, coaches' load, pickers)."""

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from tenants.models import Network, NetworkSnapshot
from tests.console import (  # noqa: F401 (fixtures used by this folder's tests)
    _french,
    browser,
    chromium,
    coach,
    console,
    live_server_port,
    login,
    new_page,
    partner_user,
    site,
)


@pytest.fixture
def snapshot(db):
    """snapshot(network, months_ago=0, **figures): one monthly NetworkSnapshot row."""

    def make(network, months_ago=0, **figures):
        month = timezone.localdate().replace(day=1) - relativedelta(months=months_ago)
        return NetworkSnapshot.objects.create(
            network=network, month=month, computed_at=timezone.now(), **figures
        )

    return make


@pytest.fixture
def bulk_networks(db):
    """bulk_networks(count, region, prefix=…, **fields): registry rows only (no schema: the
    console never enters a network)."""

    def make(count, region, prefix="lot", **fields):
        phases = Network.Phase.values
        return Network.objects.bulk_create(
            Network(
                schema_name=f"n_{prefix}_{i}",
                state=Network.State.LIVE,
                name=f"Réseau {prefix} {i:04d}",
                slug=f"{prefix}-{i}",
                region=region,
                estimated_households=200,
                phase=fields.get("phase") or phases[i % len(phases)],
                coach=fields.get("coach"),
                opened_at=timezone.now(),
            )
            for i in range(count)
        )

    return make
