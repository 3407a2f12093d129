from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """Life inside one network (tenant schema): members, offers and needs, cafés, projects."""

    name = "exchange"
    verbose_name = _("Exchange")
