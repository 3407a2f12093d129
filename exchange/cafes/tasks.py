"""Thin tasks: each runs in the schema that queued it (tenant-schemas-celery)."""

from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.celery import app

from . import reminders

REMINDER_SPREAD_SECONDS = 2 * 3600


@app.task(name="cafes.send_cafe_reminders")
def send_cafe_reminders() -> int:
    """Remind this network's members of tomorrow's cafés. Safe to run twice."""
    return reminders.send_cafe_reminders()


@app.task(name="cafes.dispatch_cafe_reminders")
def dispatch_cafe_reminders() -> int:
    """Beat, once a day: one reminder task per live network, spread over two hours so
    thousands of networks never send at the same second."""
    from tenants.models import Network

    with schema_context(get_public_schema_name()):
        schemas = list(
            Network.objects.filter(state=Network.State.LIVE)
            .order_by("pk")
            .values_list("schema_name", flat=True)
        )
    for index, schema in enumerate(schemas):
        with schema_context(schema):
            send_cafe_reminders.apply_async(
                countdown=(index * REMINDER_SPREAD_SECONDS) // max(len(schemas), 1)
            )
    connection.set_schema_to_public()
    return len(schemas)
