"""Thin Celery tasks: load, call a service. Each runs in the schema that queued it."""

from coopere.celery import RETRY_POLICY, app

from . import services
from .dispatch import spread_over_networks

# Spread per-network work over this many seconds instead of firing it all at once.
RECOUNT_SPREAD_SECONDS = 3600


@app.task(name="tenants.refill_network_pool", **RETRY_POLICY)
def refill_network_pool():
    return services.fill_pool()


@app.task(name="tenants.recount_members", **RETRY_POLICY)
def recount_members():
    return services.recount_members()


@app.task(name="tenants.dispatch_member_recounts", **RETRY_POLICY)
def dispatch_member_recounts():
    """Queue one recount per live network, spread over the hour (beat calls this)."""
    return spread_over_networks(recount_members, seconds=RECOUNT_SPREAD_SECONDS)
