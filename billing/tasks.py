"""Thin Celery tasks for billing (public schema)."""

from coopere.celery import app

from .services import subscriptions


@app.task(name="billing.lapse_subscriptions")
def lapse_subscriptions():
    """Daily (beat): manual subscriptions past their period end become lapsed."""
    return subscriptions.lapse_subscriptions()
