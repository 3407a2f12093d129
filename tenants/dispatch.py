"""Periodic per-network work: one beat task queues one task per live network, each in that
network's schema, spread over a period — never every network at the same second."""

from django.conf import settings
from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context


def spread_over_networks(task, *, seconds: int, args: tuple = ()) -> int:
    """Queue `task` once per live network, with countdowns spread evenly over `seconds`."""
    from .models import Network

    if seconds >= settings.CELERY_VISIBILITY_TIMEOUT:
        # Redis would redeliver the later tasks before their countdown ends: run twice.
        raise ValueError(
            f"spread of {seconds} s is not below the broker's visibility timeout "
            f"({settings.CELERY_VISIBILITY_TIMEOUT} s)"
        )

    with schema_context(get_public_schema_name()):
        schemas = list(
            Network.objects.filter(state=Network.State.LIVE)
            .order_by("pk")
            .values_list("schema_name", flat=True)
        )
    for index, schema in enumerate(schemas):
        with schema_context(schema):  # tenant-schemas-celery stamps the task with it
            task.apply_async(args=args, countdown=(index * seconds) // max(len(schemas), 1))
    connection.set_schema_to_public()
    return len(schemas)
