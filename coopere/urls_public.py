"""URLs of the base domain: landing, console, admin, public API."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from tenants import views as tenant_views

console_patterns = ([path("", tenant_views.console_home, name="home")], "console")

urlpatterns = [
    path("", tenant_views.landing, name="home"),
    path("", include("coopere.accounts.urls")),
    path("console/", include(console_patterns)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
