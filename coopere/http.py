"""Small HTTP helpers shared by every app."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request, default, *args, **kwargs):
    """Redirect to the form's `next` when it stays on this host, else to `default`
    (a URL name with its args, or a path): `next` is never an open redirect."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default, *args, **kwargs)


def perform(request, action, *, success: str) -> bool:
    """Run a service call behind a POST button: its refusal (ValidationError) becomes an
    error message, its success a confirmation. Returns whether it succeeded."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success)
    return True
