from coopere.celery import RETRY_POLICY, app
from tenants.dispatch import spread_over_networks

from . import services

SPREAD_SECONDS = 3 * 3600


@app.task(name="impact.write_snapshot", **RETRY_POLICY)
def write_impact_snapshot(month_iso: str | None = None) -> int:
    """One month's row (default: the current month; on the 1st, the one just ended too,
    so its last day is counted)."""
    from datetime import date, timedelta

    from django.utils import timezone

    if month_iso:
        return services.write_snapshot(month=date.fromisoformat(month_iso)).pk
    today = timezone.localdate()
    if today.day == 1:
        services.write_snapshot(month=(today - timedelta(days=1)).replace(day=1))
    return services.write_snapshot().pk


@app.task(name="impact.dispatch_snapshots", **RETRY_POLICY)
def dispatch_impact_snapshots() -> int:
    """Beat, nightly: one snapshot task per live network, spread over three hours."""
    return spread_over_networks(write_impact_snapshot, seconds=SPREAD_SECONDS)
