"""Thin tasks: ids in, a service call, safe to run twice."""

from datetime import date

from coopere.celery import RETRY_POLICY, app
from tenants.dispatch import spread_over_networks

from . import digest, health, services

# The nightly health checks are spread over two hours.
HEALTH_SPREAD_SECONDS = 2 * 3600


@app.task(name="coaching.check_network_health", **RETRY_POLICY)
def check_network_health() -> list[str]:
    """Open or close the alerts of the network whose schema queued this task."""
    return health.check_network_health()


@app.task(name="coaching.dispatch_health_checks", **RETRY_POLICY)
def dispatch_health_checks() -> int:
    """Beat, nightly: one health check per live network, spread over time."""
    return spread_over_networks(check_network_health, seconds=HEALTH_SPREAD_SECONDS)


@app.task(name="coaching.send_training_invitation", **RETRY_POLICY)
def send_training_invitation(invitation_id: int) -> bool:
    return services.send_training_invitation(invitation_id=invitation_id)


@app.task(name="coaching.send_coach_digest", **RETRY_POLICY)
def send_coach_digest(coach_id: int, week_iso: str) -> bool:
    return digest.send_weekly_digest(coach_id=coach_id, week=date.fromisoformat(week_iso))


@app.task(name="coaching.dispatch_weekly_digests", **RETRY_POLICY)
def dispatch_weekly_digests() -> int:
    """Beat, Monday morning: one digest task per coach, for the week just ended."""
    from . import selectors

    week = digest.last_week().isoformat()
    coach_ids = selectors.digest_coach_ids()
    for coach_id in coach_ids:
        send_coach_digest.delay(coach_id, week)
    return len(coach_ids)
