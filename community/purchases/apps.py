from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PurchasesConfig(AppConfig):
    """Group purchases: cost sharing only, in integer cents."""

    name = "community.purchases"
    label = "purchases"
    verbose_name = _("Group purchases")
