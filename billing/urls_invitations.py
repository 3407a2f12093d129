"""The invitation link emailed to a partner's staff member (/partenaires/invitation/)."""

from django.urls import path

from .views import invitations

app_name = "partner_invitations"
urlpatterns = [
    path("<str:token>/", invitations.accept, name="accept"),
]
