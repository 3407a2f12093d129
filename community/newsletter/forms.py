"""Forms parse input; the rules (and their French messages) live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _


class NewsletterForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=400, required=False)
    body_html = forms.CharField(
        label=_("Text of the newsletter"),
        help_text=_(
            "Write plainly: an empty line starts a new paragraph. The buttons add titles, "
            "bold, italics, lists and links. Anything else is removed."
        ),
        widget=forms.Textarea(attrs={"rows": 16, "class": "newsletter-body"}),
        required=False,
    )
