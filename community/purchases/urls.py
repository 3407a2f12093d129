from django.urls import path

from . import views

app_name = "purchases"
urlpatterns = [
    path("", views.purchase_list, name="list"),
    path("nouveau/", views.purchase_create, name="create"),
    path("<int:pk>/", views.purchase_detail, name="detail"),
    path("<int:pk>/participer/", views.participate, name="participate"),
    path("<int:pk>/quitter/", views.leave, name="leave"),
    path("<int:pk>/cloturer/", views.close, name="close"),
    path("<int:pk>/annuler/", views.cancel, name="cancel"),
    path("<int:pk>/commande.csv", views.order_export, name="export"),
    path("<int:pk>/bon-de-commande/", views.order_print, name="print"),
]
