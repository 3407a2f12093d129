from django.urls import path

from . import views

app_name = "coaching"
urlpatterns = [
    path("", views.my_week, name="my_week"),
    path("alertes/", views.alerts, name="alerts"),
    path("alertes/<int:pk>/prise-en-compte/", views.alert_acknowledge, name="alert_acknowledge"),
    path("reseaux/<slug:slug>/", views.network_log, name="log"),
    path("reseaux/<slug:slug>/seances/<int:pk>/", views.session_edit, name="session_edit"),
    path(
        "reseaux/<slug:slug>/seances/<int:pk>/supprimer/",
        views.session_delete,
        name="session_delete",
    ),
    path("formations/", views.trainings, name="trainings"),
    path("formations/nouvelle/", views.training_create, name="training_create"),
    path("formations/<int:pk>/", views.training_detail, name="training"),
    path("formations/<int:pk>/inviter/", views.training_invite, name="training_invite"),
    path(
        "formations/<int:pk>/inviter-amorceurs/",
        views.training_invite_amorceurs,
        name="training_invite_amorceurs",
    ),
    path("formations/<int:pk>/presence/", views.training_attendance, name="training_attendance"),
]
