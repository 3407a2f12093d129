"""Reads of the support log: one query each, whatever the number of rows."""

from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from .models import SupportSession

PANEL_SESSIONS = 5


def console_sessions():
    """Every grant of the public log, newest first (paginate it)."""
    return SupportSession.objects.order_by("-granted_at", "-pk")


def recent_sessions_of(network, limit: int = PANEL_SESSIONS) -> list[SupportSession]:
    """A network's last grants, from the public log (the console's network page)."""
    with schema_context(get_public_schema_name()):
        return list(
            SupportSession.objects.filter(network_schema=network.schema_name).order_by(
                "-granted_at", "-pk"
            )[:limit]
        )


def network_journal():
    """The current network's own log (its schema's table), newest first."""
    return SupportSession.objects.order_by("-granted_at", "-pk")


def live_visits() -> list[SupportSession]:
    """Support visits going on now in the current network (entered, not ended, in time)."""
    now = timezone.now()
    return list(
        SupportSession.objects.filter(
            entered_at__isnull=False, ended_at__isnull=True, ends_at__gt=now
        ).order_by("ends_at")
    )
