from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from tenants.hosts import site_url

from .forms import LoginForm, ResetRequestForm
from .models import User
from .tokens import password_reset_token


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        # Partner staff land on their portal rather than on the public landing page.
        if self.request.user.kind == User.Kind.PARTNER:
            return "/partenaires/"
        return super().get_default_redirect_url()


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


@login_required
def my_account(request):
    return render(request, "accounts/my_account.html")


# --- Password: forgotten (a link by email) and changed (from "My account") ----------------
# Django's own views, on both kinds of host: each looks only in the schema of the host it
# answers on, so a network's residents are reset on their network's address and staff and
# partners on the base domain.


def _this_network(request):
    """The network whose host answers, or None on the base domain."""
    tenant = getattr(request, "tenant", None)
    return None if connection.schema_name == get_public_schema_name() else tenant


def _this_site_root(request) -> str:
    """The address the person asked from (scheme, host, port), without the final slash:
    the emailed link must bring them back to the same network, or to the base domain.
    Built from our own base domain (tenants.hosts), never from the Host header as sent."""
    network = _this_network(request)
    return site_url(request, network.slug if network else None).rstrip("/")


class PasswordResetView(auth_views.PasswordResetView):
    """Same answer whether or not the address is known (no account enumeration)."""

    form_class = ResetRequestForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    token_generator = password_reset_token

    def form_valid(self, form):
        self.extra_email_context = {
            "site_root": _this_site_root(self.request),
            "network": _this_network(self.request),
        }
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    token_generator = password_reset_token


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:my_account")

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps this session open, ends the others
        messages.success(self.request, _("Your password has been changed."))
        return response


def locked_out(request, credentials=None, *args, **kwargs):
    """django-axes' lockout answer: a French page (429) saying how long logging in pauses."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)
