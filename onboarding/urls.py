from django.urls import path

from . import views, views_catalogue, views_pilots

app_name = "console"
urlpatterns = [
    path("", views.pipeline, name="home"),
    path("catalogue/", views_catalogue.catalogue, name="catalogue"),
    path("reseaux/nouveau/", views.network_open, name="network_open"),
    path("reseaux/<slug:slug>/", views.network_detail, name="network"),
    path("reseaux/<slug:slug>/coach/", views.network_coach, name="network_coach"),
    path("reseaux/<slug:slug>/perimetre/", views.network_perimeter, name="network_perimeter"),
    path("reseaux/<slug:slug>/phase/", views.network_move, name="network_move"),
    path("reseaux/<slug:slug>/indicateurs/", views.network_refresh, name="network_refresh"),
    path("reseaux/<slug:slug>/plateforme/", views.network_open_platform, name="open_platform"),
    path("reseaux/<slug:slug>/elements/<int:item_pk>/cocher/", views.item_tick, name="tick"),
    path("reseaux/<slug:slug>/elements/<int:item_pk>/decocher/", views.item_untick, name="untick"),
    path(
        "reseaux/<slug:slug>/elements/<int:item_pk>/piece-jointe/",
        views.check_attachment,
        name="check_attachment",
    ),
    path("reseaux/<slug:slug>/amorceurs/", views.amorceur_add, name="amorceur_add"),
    path("reseaux/<slug:slug>/amorceurs/<int:pk>/", views.amorceur_edit, name="amorceur_edit"),
    path(
        "reseaux/<slug:slug>/amorceurs/<int:pk>/retirer/",
        views.amorceur_remove,
        name="amorceur_remove",
    ),
    path(
        "reseaux/<slug:slug>/amorceurs/<int:pk>/pilote/",
        views_pilots.register_pilote,
        name="register_pilote",
    ),
    path(
        "reseaux/<slug:slug>/pilotes/<int:member_pk>/carte/",
        views_pilots.welcome_card,
        name="pilote_card",
    ),
    path("reseaux/<slug:slug>/relais/", views.relay_add, name="relay_add"),
    path("reseaux/<slug:slug>/relais/<int:pk>/", views.relay_edit, name="relay_edit"),
    path("reseaux/<slug:slug>/relais/<int:pk>/retirer/", views.relay_remove, name="relay_remove"),
    path("reseaux/<slug:slug>/documents/", views.document_add, name="document_add"),
    path("reseaux/<slug:slug>/documents/<int:pk>/", views.document_download, name="document"),
    path(
        "reseaux/<slug:slug>/documents/<int:pk>/supprimer/",
        views.document_delete,
        name="document_delete",
    ),
]
