"""Reads of accounts shared by every app."""

from .models import User


def coaches():
    """Who can follow a network: Coop-ère staff accounts (public schema)."""
    return User.objects.filter(kind=User.Kind.OPERATOR, is_active=True).order_by(
        "first_name", "last_name", "email"
    )
