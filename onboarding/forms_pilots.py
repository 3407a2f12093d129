"""The coach's form registering an amorceur as the network's first pilote (rules in
exchange.services.registration, whose French messages the form shows)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class PiloteForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=200, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=200, required=False)
    address = forms.CharField(
        label=_("Building or street (in the perimeter)"), max_length=400, required=False
    )
    email = forms.CharField(label=_("Email (optional)"), required=False)
    phone = forms.CharField(label=_("Phone (optional)"), required=False)
    consent = forms.BooleanField(
        label=_(
            "The resident agrees that the Groupe d'Animation records this information to run the "
            "network. They can see, export or delete it at any time from their profile."
        ),
        required=False,
    )
