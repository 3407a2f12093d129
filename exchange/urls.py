from django.urls import path

from .views import activation, animation, connections, members, posts, roles

app_name = "exchange"
urlpatterns = [
    path("activer/", activation.activate, name="activate"),
    path("annonces/", posts.post_list, name="post_list"),
    path("annonces/nouvelle/", posts.post_create, name="post_create"),
    path("annonces/<int:pk>/", posts.post_detail, name="post_detail"),
    path("annonces/<int:pk>/modifier/", posts.post_edit, name="post_edit"),
    path("annonces/<int:pk>/statut/", posts.post_status, name="post_status"),
    path("annonces/<int:pk>/interesse/", posts.post_interest, name="post_interest"),
    path("annonces/<int:pk>/signaler/", posts.post_report, name="post_report"),
    path("mises-en-relation/", connections.connection_list, name="connection_list"),
    path("mises-en-relation/<int:pk>/", connections.connection_detail, name="connection_detail"),
    path(
        "mises-en-relation/<int:pk>/<slug:action>/",
        connections.connection_action,
        name="connection_action",
    ),
    path("messages/<int:pk>/signaler/", connections.message_report, name="message_report"),
    path("membres/", members.directory, name="directory"),
    path("membres/<int:pk>/", members.member_page, name="member_page"),
    path("mon-profil/", members.my_profile, name="my_profile"),
    path("mon-profil/donnees.<str:fmt>", members.my_data, name="my_data"),
    path("mon-profil/quitter/", members.delete_my_account, name="delete_account"),
    path("notifications/", members.notification_list, name="notifications"),
    path("animation/", animation.home, name="animation"),
    path("animation/membres/", animation.member_list, name="animation_members"),
    path("animation/inscrire/", animation.register, name="register"),
    path("animation/membres/<int:pk>/", roles.member_detail, name="animation_member"),
    path("animation/membres/<int:pk>/role/", roles.member_role, name="member_role"),
    path("animation/membres/<int:pk>/parrainage/", roles.member_sponsor, name="member_sponsor"),
    path("animation/membres/<int:pk>/reglages/", animation.member_settings, name="member_settings"),
    path("membres/<int:pk>/questionnaire/", animation.questionnaire, name="questionnaire"),
    path(
        "membres/<int:pk>/questionnaire/fin/",
        animation.questionnaire_done,
        name="questionnaire_done",
    ),
    path("animation/membres/<int:pk>/carte/", animation.welcome_card, name="welcome_card"),
    path("membres/<int:pk>/fiche/", animation.sponsor_sheet, name="sponsor_sheet"),
    path("animation/moderation/", animation.moderation_queue, name="moderation"),
    path(
        "animation/moderation/<str:kind>/<int:pk>/<slug:action>/",
        animation.moderate,
        name="moderate",
    ),
    path("animation/themes/", animation.theme_list, name="themes"),
    path("animation/themes/<int:pk>/<slug:action>/", animation.theme_action, name="theme_action"),
]
