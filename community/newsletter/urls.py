from django.urls import path

from . import views

app_name = "newsletter"
urlpatterns = [
    path("", views.issue_list, name="list"),
    path("nouvelle/", views.compose, name="compose"),
    path("<int:pk>/", views.preview, name="preview"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/envoyer/", views.send, name="send"),
    path("<int:pk>/relancer/", views.resume, name="resume"),
    path("<int:pk>/imprimer/", views.print_edition, name="print"),
    path("archives/", views.archive, name="archive"),
    path("archives/<int:pk>/", views.archive_issue, name="issue"),
    path("abonnement/", views.subscription, name="subscription"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
