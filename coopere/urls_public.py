"""URLs of the base domain: landing, console, admin, public API."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from coopere.health import HealthView
from tenants import views as tenant_views

urlpatterns = [
    path("", tenant_views.landing, name="home"),
    path("", include("coopere.accounts.urls")),
    path("console/", include("onboarding.urls")),
    path("console/", include("onboarding.rollout.urls")),
    path("console/lancement/", include("onboarding.launch.urls")),
    path("console/accompagnement/", include("onboarding.coaching.urls")),
    path("console/support/", include("support.urls")),
    path("console/partenaires/", include("billing.urls_console")),
    path("console/taches/", include("tasklog.urls")),
    path("partenaires/invitation/", include("billing.urls_invitations")),
    path("partenaires/", include("billing.urls_portal")),
    path("stripe/", include("billing.urls_stripe")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("sante/", HealthView.as_view(), name="health"),
]

# French error pages in the public layout (frontend/errors.py).
handler403 = "frontend.errors.permission_denied"
handler404 = "frontend.errors.page_not_found"
handler500 = "frontend.errors.server_error"
