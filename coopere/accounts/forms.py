from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db import connection
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name

from .models import User


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Email address or member code"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "We could not log you in: check your email address or member code, and your password."
        ),
        "inactive": _("This account is inactive."),
    }


class ResetRequestForm(PasswordResetForm):
    """Ask for a reset link. Only this host's people are looked up: residents on a network's
    host (its own schema), Coop-ère staff and partner staff on the base domain. Support
    users (operator-kind rows inside a network) only ever enter through their signed link."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    def get_users(self, email):
        if connection.schema_name == get_public_schema_name():
            kinds = {User.Kind.OPERATOR, User.Kind.PARTNER}
        else:
            kinds = {User.Kind.RESIDENT}
        return (user for user in super().get_users(email.strip()) if user.kind in kinds)
