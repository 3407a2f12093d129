from django.urls import path

from . import views_tenant

app_name = "group_phase"
urlpatterns = [
    path("", views_tenant.page, name="page"),
]
