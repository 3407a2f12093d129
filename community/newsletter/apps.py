from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    """The network's newsletter: compose, send in idempotent batches, print for
    members without email, archive."""

    name = "community.newsletter"
    label = "newsletter"
    verbose_name = _("Newsletter")
