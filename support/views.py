"""Console side (base domain): ask for support access, and the public support log."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from coopere.accounts.decorators import operator_required
from frontend.forms import copy_errors
from frontend.paging import paginate
from tenants.hosts import site_url
from tenants.models import Network

from . import selectors, services
from .forms import SupportRequestForm


@operator_required
def session_list(request):
    page = paginate(request, selectors.console_sessions(), 50)
    return render(request, "console/support/list.html", {"page": page})


@operator_required
@require_http_methods(["GET", "POST"])
def open_network(request, slug):
    """The form (also on the network's console page); success sends the browser into the
    network through the signed link."""
    network = get_object_or_404(Network, state=Network.State.LIVE, slug=slug)
    form = SupportRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.grant_support_access(
                network=network, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            return redirect(site_url(request, network.slug).rstrip("/") + grant.path)
    return render(
        request,
        "console/support/open.html",
        {
            "network": network,
            "form": form,
            "support_sessions": selectors.recent_sessions_of(network),
            "support_minutes": services.session_minutes(),
        },
    )
