from django.urls import path

from . import views

app_name = "team"
urlpatterns = [
    path("", views.board, name="board"),
    path("taches/nouvelle/", views.task_create, name="task_create"),
    path("taches/<int:pk>/modifier/", views.task_edit, name="task_edit"),
    path("taches/<int:pk>/<slug:action>/", views.task_action, name="task_action"),
    path("mes-taches/", views.my_tasks, name="my_tasks"),
    path("charge/", views.load, name="load"),
    path("fete/", views.fete_list, name="fetes"),
    path("fete/<int:pk>/", views.fete_detail, name="fete"),
]
