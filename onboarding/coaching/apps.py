from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    """Coaching sessions, pilots' trainings and health alerts (public schema)."""

    name = "onboarding.coaching"
    label = "coaching"
    verbose_name = _("Coaching")

    def ready(self):
        from . import health

        health.connect_signals()
