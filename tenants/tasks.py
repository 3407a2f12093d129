"""Thin Celery tasks: load, call a service. Each runs in the schema that queued it."""

from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.celery import app

from . import services
from .models import Network

# Spread per-network work over this many seconds instead of firing it all at once.
RECOUNT_SPREAD_SECONDS = 3600


@app.task(name="tenants.refill_network_pool")
def refill_network_pool():
    return services.fill_pool()


@app.task(name="tenants.recount_members")
def recount_members():
    return services.recount_members()


@app.task(name="tenants.dispatch_member_recounts")
def dispatch_member_recounts():
    """Queue one recount per live network, spread over the hour (beat calls this)."""
    with schema_context(get_public_schema_name()):
        schemas = list(
            Network.objects.filter(state=Network.State.LIVE)
            .order_by("pk")
            .values_list("schema_name", flat=True)
        )
    for index, schema in enumerate(schemas):
        countdown = (index * RECOUNT_SPREAD_SECONDS) // max(len(schemas), 1)
        with schema_context(schema):
            recount_members.apply_async(countdown=countdown)
    connection.set_schema_to_public()
    return len(schemas)
