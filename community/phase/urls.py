from django.urls import path

from . import views

app_name = "group_phase"
urlpatterns = [
    path("", views.page, name="page"),
]
