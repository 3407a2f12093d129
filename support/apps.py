from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    """Support access: a coach enters a network through a signed, short-lived, audited link."""

    name = "support"
    label = "support"
    verbose_name = _("Support access")

    def ready(self):
        from . import signals  # noqa: F401
