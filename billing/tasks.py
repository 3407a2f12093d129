"""Thin Celery tasks for billing (public schema)."""

from django.utils import timezone

from coopere.celery import RETRY_POLICY, app

from . import chorus_gateway, selectors
from .services import chorus, sending, subscriptions


@app.task(name="billing.lapse_subscriptions", **RETRY_POLICY)
def lapse_subscriptions():
    """Daily (beat): manual subscriptions past their period end become lapsed."""
    return subscriptions.lapse_subscriptions()


@app.task(name="billing.send_invoice_email", **RETRY_POLICY)
def send_invoice_email(message_id: int) -> bool:
    """An invoice an operator sent: emailed once to the partner's billing contacts."""
    return sending.send_invoice_email(message_id=message_id)


@app.task(name="billing.send_credit_note_email", **RETRY_POLICY)
def send_credit_note_email(message_id: int) -> bool:
    """A credit note an operator sent: emailed once to the partner's billing contacts."""
    return sending.send_credit_note_email(message_id=message_id)


@app.task(name="billing.send_invoice_reminder", **RETRY_POLICY)
def send_invoice_reminder(invoice_id: int, kind: str) -> bool:
    """One reminder of one unpaid invoice, sent once."""
    return sending.send_invoice_reminder(invoice_id=invoice_id, kind=kind) is not None


@app.task(name="billing.dispatch_invoice_reminders", **RETRY_POLICY)
def dispatch_invoice_reminders() -> int:
    """Daily (beat): queue each reminder due today (15 and 30 days past the due date).
    Queued twice, a reminder is still sent once: its task finds the first one's row."""
    due = sending.reminders_due(timezone.localdate())
    for invoice_id, kind in due:
        # Committed rows only were read: queue at once (the beat runs in no transaction).
        send_invoice_reminder.delay(invoice_id, kind)
    return len(due)


@app.task(name="billing.dispatch_chorus_refreshes", **RETRY_POLICY)
def dispatch_chorus_refreshes() -> int:
    """Daily (beat), when the Chorus Pro API is on: ask Chorus Pro where each deposit still
    in progress stands, so a rejection shows on its invoice or credit note page without an
    operator clicking "Actualiser le statut"."""
    if not chorus_gateway.is_enabled():
        return 0
    pending = selectors.chorus_deposits_in_progress()
    for deposit_id in pending:
        refresh_chorus_deposit.delay(deposit_id)
    return len(pending)


@app.task(name="billing.refresh_chorus_deposit", **RETRY_POLICY)
def refresh_chorus_deposit(deposit_id: int) -> str:
    """One deposit still in progress: its status read from Chorus Pro and recorded."""
    return chorus.refresh_deposit_in_progress(deposit_id=deposit_id)
