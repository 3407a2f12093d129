from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    """The guided flow amorçage → lancement → structuration, and the console (public schema)."""

    name = "onboarding"
    verbose_name = _("Onboarding")
