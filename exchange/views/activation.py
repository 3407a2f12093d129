from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from coopere.accounts.client import client_ip
from frontend.forms import copy_errors

from ..forms import ActivationForm
from ..services import registration


def activate(request):
    """The welcome card's QR code and the email link land here (code pre-filled)."""
    form = ActivationForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    if request.method == "POST" and form.is_valid():
        try:
            user = registration.activate_member(
                code=form.cleaned_data["code"],
                password=form.cleaned_data["password"],
                client_key=client_ip(request),
            )
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            login(request, user, backend="coopere.accounts.backends.EmailOrMemberCodeBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("home")
    return render(request, "exchange/activate.html", {"form": form})
