"""Stripe's side of the public site (mounted at /stripe/)."""

from django.urls import path

from billing.views import stripe

app_name = "stripe"
urlpatterns = [
    path("webhook/", stripe.webhook, name="webhook"),
]
