"""Thin Celery tasks for billing (public schema)."""

from coopere.celery import RETRY_POLICY, app

from .services import subscriptions


@app.task(name="billing.lapse_subscriptions", **RETRY_POLICY)
def lapse_subscriptions():
    """Daily (beat): manual subscriptions past their period end become lapsed."""
    return subscriptions.lapse_subscriptions()
