from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamConfig(AppConfig):
    """The Groupe d'Animation's task board, so that no one carries too much; the
    Fête de la Coopération checklist."""

    name = "community.team"
    label = "team"
    verbose_name = _("Groupe d'Animation")
