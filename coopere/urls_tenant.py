"""URLs of a network's host (<slug>.<base domain>): the residents' site and its API."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from community.phase.views import home
from exchange.views.media import network_media

urlpatterns = [
    path("", home, name="home"),
    path("", include("coopere.accounts.urls")),
    path("", include("exchange.urls")),
    path("cafes/", include("community.cafes.urls")),
    path("projets/", include("community.projects.urls")),
    path("achats-groupes/", include("community.purchases.urls")),
    path("groupe/", include("community.team.urls")),
    path("lettre/", include("community.newsletter.urls")),
    path("impact/", include("community.impact.urls")),
    path("groupe/parcours/", include("community.phase.urls")),
    path("support/", include("support.urls_tenant")),
    path("media/<path:path>", network_media, name="media"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("exchange.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]

# French error pages in the host's own layout (frontend/errors.py); an unknown host's 404
# comes through this urlconf too (the tenant middleware raises before choosing one).
handler403 = "frontend.errors.permission_denied"
handler404 = "frontend.errors.page_not_found"
handler500 = "frontend.errors.server_error"
