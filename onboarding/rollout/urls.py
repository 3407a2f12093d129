"""Roll-out pages, mounted at /console/ (operators only)."""

from django.urls import path

from . import views

app_name = "rollout"
urlpatterns = [
    path("regions/", views.region_list, name="regions"),
    path("regions/nouvelle/", views.region_create, name="region_create"),
    path("regions/<slug:code>/", views.region_detail, name="region"),
    path("regions/<slug:code>/modifier/", views.region_edit, name="region_edit"),
    path("national/", views.national, name="national"),
    path("coachs/", views.coach_list, name="coaches"),
    path("coachs/<int:pk>/", views.coach_detail, name="coach"),
]
