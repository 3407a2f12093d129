from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    """The impact page and the monthly snapshot written to the public schema."""

    name = "community.impact"
    label = "impact"
    verbose_name = _("Impact")
