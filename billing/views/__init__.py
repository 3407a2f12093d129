"""Billing views: console (operators), invitations, portal (partners), Stripe webhooks."""
