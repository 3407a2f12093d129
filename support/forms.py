from django import forms
from django.utils.translation import gettext_lazy as _

from .services import REASON_MAX


class SupportRequestForm(forms.Form):
    # Checked by the service (French message on a blank reason), not by the browser.
    reason = forms.CharField(
        label=_("Why do you open this network as support?"),
        help_text=_("The network's Groupe d'Animation reads this reason in its support journal."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX,
        required=False,
    )
