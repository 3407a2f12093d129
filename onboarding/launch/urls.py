from django.urls import path

from . import views

app_name = "launch"
urlpatterns = [
    path("<slug:slug>/apero-info/", views.apero_info, name="apero"),
    path("<slug:slug>/apero-info/tenu/", views.apero_info_held, name="apero_held"),
    path("<slug:slug>/lettre/", views.letter_text, name="letter_text"),
    path("<slug:slug>/lettre/apercu/", views.letter_preview, name="letter_preview"),
    path("<slug:slug>/lettre/invitation.pdf", views.letter_pdf, name="letter_pdf"),
    path("<slug:slug>/lettre/publipostage/", views.mail_merge, name="mail_merge"),
    path("<slug:slug>/lettre/publipostage/apercu/", views.merged_preview, name="merged_preview"),
    path("<slug:slug>/lettre/publipostage/lettres.pdf", views.merged_pdf, name="merged_pdf"),
    path("<slug:slug>/kit/", views.kit, name="kit"),
]
