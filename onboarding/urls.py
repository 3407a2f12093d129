from django.urls import path

from tenants import views as tenant_views

app_name = "console"
urlpatterns = [
    path("", tenant_views.console_home, name="home"),
]
