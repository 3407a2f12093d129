from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaunchConfig(AppConfig):
    """The apéro-info and its invitation letter, and the presentation kit (public schema)."""

    name = "onboarding.launch"
    label = "launch"
    verbose_name = _("Launch kit")
