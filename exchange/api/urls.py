from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("posts", views.PostViewSet, basename="post")
router.register("connections", views.ConnectionViewSet, basename="connection")
router.register("notifications", views.NotificationViewSet, basename="notification")

urlpatterns = [*router.urls, path("me/", views.MeView.as_view(), name="me")]
