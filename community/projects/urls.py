from django.urls import path

from .views import actions, projects, sheets

app_name = "projects"
urlpatterns = [
    path("", projects.project_list, name="list"),
    path("nouveau/", projects.project_create, name="create"),
    path("fiches/", sheets.sheet_list, name="sheets"),
    # Before fiches/<slug>/: "nouvelle" is a slug no sheet may take (services.sheets).
    path("fiches/nouvelle/", sheets.sheet_create, name="sheet_create"),
    path("fiches/<slug:slug>/", sheets.sheet_detail, name="sheet"),
    path("fiches/<slug:slug>/modifier/", sheets.sheet_edit, name="sheet_edit"),
    path("<int:pk>/", projects.project_detail, name="detail"),
    path("<int:pk>/modifier/", projects.project_edit, name="edit"),
    path("<int:pk>/rejoindre/", actions.join, name="join"),
    path("<int:pk>/quitter/", actions.leave, name="leave"),
    path("<int:pk>/statut/", actions.status, name="status"),
    path("<int:pk>/reunion/", actions.meeting, name="meeting"),
    path("<int:pk>/etapes/", actions.step_add, name="step_add"),
    path("<int:pk>/etapes/<int:step_pk>/", actions.step_toggle, name="step_toggle"),
    path("<int:pk>/photos/", actions.photo, name="photo"),
]
