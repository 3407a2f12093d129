from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CafesConfig(AppConfig):
    """Monthly cafés-rencontres, RSVPs, at-the-café counts, reports, posters and ICS feeds."""

    name = "community.cafes"
    label = "cafes"
    verbose_name = _("Cafés-rencontres")
