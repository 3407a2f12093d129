"""The page an invited partner staff member opens from their email: name and password,
then they are logged in and sent to the partner portal."""

from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from billing.forms import AcceptInvitationForm
from billing.models import PartnerInvitation
from billing.services import invitations
from frontend.forms import copy_errors

PORTAL_PATH = "/partenaires/"


@never_cache
@sensitive_post_parameters("password", "password_again")
def accept(request, token):
    if request.user.is_authenticated:
        # An invitation is for a new person: someone already logged in (another partner's
        # user, an operator) cannot open it, let alone take it over.
        return render(request, "billing/invitation_logged_in.html", status=403)
    invitation = (
        PartnerInvitation.objects.filter(token_hash=invitations.hash_token(token))
        .select_related("partner")
        .first()
    )
    problem = invitations.invitation_error(invitation)
    if problem:
        return render(request, "billing/invitation_invalid.html", {"problem": problem}, status=404)
    form = AcceptInvitationForm(
        request.POST or None,
        initial={"first_name": invitation.first_name, "last_name": invitation.last_name},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = invitations.accept_invitation(
                token=token,
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password"],
            )
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            login(request, user, backend="coopere.accounts.backends.EmailOrMemberCodeBackend")
            return redirect(PORTAL_PATH)
    return render(
        request, "billing/invitation_accept.html", {"form": form, "invitation": invitation}
    )
