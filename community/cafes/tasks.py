"""Thin tasks: each runs in the schema that queued it (tenant-schemas-celery)."""

from coopere.celery import RETRY_POLICY, app
from tenants.dispatch import spread_over_networks

from . import reminders

REMINDER_SPREAD_SECONDS = 2 * 3600


@app.task(name="cafes.send_cafe_reminders", **RETRY_POLICY)
def send_cafe_reminders() -> int:
    """Remind this network's members of tomorrow's cafés. Safe to run twice."""
    return reminders.send_cafe_reminders()


@app.task(name="cafes.send_cafe_change_emails", **RETRY_POLICY)
def send_cafe_change_emails(change_id: int) -> int:
    """Email the people told of one café change. Safe to run twice: each once."""
    from .services.changes import send_change_emails

    return send_change_emails(change_id)


@app.task(name="cafes.dispatch_cafe_reminders", **RETRY_POLICY)
def dispatch_cafe_reminders() -> int:
    """Beat, once a day: one reminder task per live network, spread over two hours so
    thousands of networks never send at the same second."""
    return spread_over_networks(send_cafe_reminders, seconds=REMINDER_SPREAD_SECONDS)
