from django.shortcuts import render

from . import selectors
from .hosts import site_url


def landing(request):
    """Public landing page: what Coop-ère is, and the networks by region."""
    regions = selectors.networks_by_region()
    for _region, networks in regions:
        for network in networks:
            network.url = site_url(request, network.slug)
    return render(request, "public/landing.html", {"regions": regions})


# The console's views live in onboarding/views/.
