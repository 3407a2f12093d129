from django.urls import path

from .views import animation, residents

app_name = "cafes"
urlpatterns = [
    path("", residents.cafe_list, name="list"),
    path("agenda.ics", residents.feed, name="feed"),
    path("programmer/", animation.cafe_create, name="create"),
    path("serie/", animation.series_create, name="series"),
    path("<int:pk>/", residents.cafe_detail, name="detail"),
    path("<int:pk>.ics", residents.cafe_ics, name="ics"),
    path("<int:pk>/participer/", residents.cafe_rsvp, name="rsvp"),
    path("<int:pk>/affiche/", residents.poster, name="poster"),
    path("<int:pk>/modifier/", animation.cafe_edit, name="edit"),
    path("<int:pk>/annuler/", animation.cafe_cancel, name="cancel"),
    path("<int:pk>/au-cafe/", animation.at_cafe, name="at_cafe"),
    path("<int:pk>/au-cafe/presence/", animation.attendance, name="attendance"),
    path("<int:pk>/au-cafe/inscrire/", animation.newcomer, name="newcomer"),
    path("<int:pk>/compte-rendu/", animation.report, name="report"),
]
