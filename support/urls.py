from django.urls import path

from . import views

app_name = "support"
urlpatterns = [
    path("", views.session_list, name="list"),
    path("<slug:slug>/ouvrir/", views.open_network, name="open"),
]
