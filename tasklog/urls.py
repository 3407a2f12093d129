from django.urls import path

from . import views

app_name = "tasklog"
urlpatterns = [
    path("", views.failure_list, name="list"),
    path("<int:pk>/traitee/", views.failure_handle, name="handle"),
]
