from django.db import connection
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import NetworkSnapshot


def history(*, months: int = 24) -> list[NetworkSnapshot]:
    """This network's last `months` snapshots, oldest first: one query on public."""
    schema = connection.schema_name
    with schema_context(get_public_schema_name()):
        rows = list(
            NetworkSnapshot.objects.filter(network__schema_name=schema).order_by("-month")[:months]
        )
    return rows[::-1]
