from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    """Collective projects (éco-projets) started from kick-off sheets; environmental
    awareness sheets."""

    name = "community.projects"
    label = "projects"
    verbose_name = _("Collective projects")
