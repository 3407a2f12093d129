from django.urls import path

from . import views

app_name = "impact"
urlpatterns = [
    path("", views.impact_page, name="page"),
    path("impact.csv", views.impact_csv, name="csv"),
    path("actualiser/", views.refresh_snapshot, name="refresh"),
]
