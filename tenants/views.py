from django.shortcuts import render

from . import selectors
from .hosts import site_url
from .models import Network


def landing(request):
    """Public landing page: what Coop-ère is, and the networks by region."""
    regions = selectors.networks_by_region()
    for _region, networks in regions:
        for network in networks:
            network.url = site_url(request, network.slug)
    return render(request, "public/landing.html", {"regions": regions})


def network_home(request):
    """A network's home: its name, phase, next café; 'bientôt disponible' before launch."""
    from community.cafes.selectors import next_cafe

    return render(
        request,
        "network/home.html",
        {"phases": Network.Phase, "launched": request.tenant.is_launched, "next_cafe": next_cafe()},
    )


# The console's views live in onboarding/views/.
