from django.urls import path

from . import views_tenant

app_name = "support_tenant"
urlpatterns = [
    path("entrer/", views_tenant.enter, name="enter"),
    path("terminer/", views_tenant.end, name="end"),
    path("journal/", views_tenant.journal, name="journal"),
    path("journal/<int:pk>/accord/", views_tenant.consent, name="consent"),
    path("journal/<int:pk>/reprendre/", views_tenant.withdraw, name="withdraw"),
]
