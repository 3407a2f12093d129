"""URLs of a network's host (<slug>.<base domain>): the residents' site and its API."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from tenants import views as tenant_views

urlpatterns = [
    path("", tenant_views.network_home, name="home"),
    path("", include("coopere.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
