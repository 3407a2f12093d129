from django.urls import path

from .views import catalogue, console, pilots

app_name = "console"
urlpatterns = [
    path("", console.pipeline, name="home"),
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("reseaux/nouveau/", console.network_open, name="network_open"),
    path("reseaux/<slug:slug>/", console.network_detail, name="network"),
    path("reseaux/<slug:slug>/coach/", console.network_coach, name="network_coach"),
    path("reseaux/<slug:slug>/perimetre/", console.network_perimeter, name="network_perimeter"),
    path("reseaux/<slug:slug>/phase/", console.network_move, name="network_move"),
    path("reseaux/<slug:slug>/indicateurs/", console.network_refresh, name="network_refresh"),
    path("reseaux/<slug:slug>/plateforme/", console.network_open_platform, name="open_platform"),
    path("reseaux/<slug:slug>/elements/<int:item_pk>/cocher/", console.item_tick, name="tick"),
    path(
        "reseaux/<slug:slug>/elements/<int:item_pk>/decocher/", console.item_untick, name="untick"
    ),
    path(
        "reseaux/<slug:slug>/elements/<int:item_pk>/piece-jointe/",
        console.check_attachment,
        name="check_attachment",
    ),
    path("reseaux/<slug:slug>/amorceurs/", console.amorceur_add, name="amorceur_add"),
    path("reseaux/<slug:slug>/amorceurs/<int:pk>/", console.amorceur_edit, name="amorceur_edit"),
    path(
        "reseaux/<slug:slug>/amorceurs/<int:pk>/retirer/",
        console.amorceur_remove,
        name="amorceur_remove",
    ),
    path(
        "reseaux/<slug:slug>/amorceurs/<int:pk>/pilote/",
        pilots.register_pilote,
        name="register_pilote",
    ),
    path(
        "reseaux/<slug:slug>/pilotes/<int:member_pk>/carte/",
        pilots.welcome_card,
        name="pilote_card",
    ),
    path("reseaux/<slug:slug>/relais/", console.relay_add, name="relay_add"),
    path("reseaux/<slug:slug>/relais/<int:pk>/", console.relay_edit, name="relay_edit"),
    path("reseaux/<slug:slug>/relais/<int:pk>/retirer/", console.relay_remove, name="relay_remove"),
    path("reseaux/<slug:slug>/documents/", console.document_add, name="document_add"),
    path("reseaux/<slug:slug>/documents/<int:pk>/", console.document_download, name="document"),
    path(
        "reseaux/<slug:slug>/documents/<int:pk>/supprimer/",
        console.document_delete,
        name="document_delete",
    ),
]
