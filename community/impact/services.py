"""Write a network's monthly snapshot into the public schema (for console and partners)."""

from datetime import date

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import Network, NetworkSnapshot

from . import indicators


def write_snapshot(*, month: date | None = None) -> NetworkSnapshot:
    """Compute this network's figures for `month` (default: the current one) and upsert
    its row in public. Runs in the network's schema; safe to run again (same row)."""
    month = (month or timezone.localdate()).replace(day=1)
    schema = connection.schema_name
    if schema == get_public_schema_name():
        raise RuntimeError("write_snapshot runs inside a network's schema")
    figures = indicators.compute(month)
    with schema_context(get_public_schema_name()), transaction.atomic():
        network = Network.objects.get(schema_name=schema)
        figures["households_in_perimeter"] = network.estimated_households or 0
        snapshot, _created = NetworkSnapshot.objects.update_or_create(
            network=network,
            month=month,
            defaults={**figures, "computed_at": timezone.now()},
        )
    return snapshot


def backfill_snapshots(*, months: int) -> int:
    """Write the last `months` months (the current one included), oldest first."""
    today = timezone.localdate().replace(day=1)
    written = 0
    for back in range(months - 1, -1, -1):
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        write_snapshot(month=date(year, month + 1, 1))
        written += 1
    return written
