from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from coopere.validation import Errors

from .models import User


def create_operator(*, email: str, password: str, first_name: str, last_name: str = "") -> User:
    """Create a Coop-ère staff account in the public schema (console and admin access)."""
    with schema_context(get_public_schema_name()), transaction.atomic():
        if User.objects.filter(email=email.strip().lower()).exists():
            raise ValidationError({"email": _("An account already uses this email address.")})
        return User.objects.create_superuser(
            email=email, password=password, first_name=first_name, last_name=last_name
        )


def create_resident(
    *, first_name: str, last_name: str = "", email: str | None = None, password: str | None = None
) -> User:
    """Create a resident in the current network schema."""
    if connection.schema_name == get_public_schema_name():
        raise ValidationError(_("Residents belong to a network, not to the public site."))
    with transaction.atomic():
        return User.objects.create_user(
            email=email,
            password=password,
            first_name=first_name,
            last_name=last_name,
            kind=User.Kind.RESIDENT,
        )


def require_operator(actor, errors: Errors) -> None:
    """Console services call this first: only Coop-ère staff act on networks' onboarding."""
    if not (actor and actor.is_authenticated and actor.kind == User.Kind.OPERATOR):
        errors.add("actor", _("Only Coop-ère staff can do this."))
