"""A network's apéro-info (the first public meeting) and its invitation letter (public schema).

One apéro-info per network: rescheduling moves it, recording it marks it held with the
number of people who came. The letter's text and the mail merge's addresses are kept per
network so a coach can print the same letters again.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Network


class AperoInfo(models.Model):
    network = models.OneToOneField(
        Network, on_delete=models.CASCADE, related_name="apero_info", verbose_name=_("network")
    )
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    held = models.BooleanField(_("held"), default=False)
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    held_recorded_at = models.DateTimeField(null=True, blank=True)
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("scheduled by"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("apéro-info")
        verbose_name_plural = _("apéros-info")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(held=False) | models.Q(attendance__isnull=False),
                name="held_apero_has_attendance",
            )
        ]

    def __str__(self):
        return f"{self.network} {self.starts_at:%Y-%m-%d %H:%M}"


class InvitationLetter(models.Model):
    """The letter's own text (empty: the default written from the method) and the mail
    merge's addresses, one a line (empty: the perimeter's streets)."""

    network = models.OneToOneField(
        Network,
        on_delete=models.CASCADE,
        related_name="invitation_letter",
        verbose_name=_("network"),
    )
    body = models.TextField(_("text of the letter"), blank=True)
    addresses = models.TextField(_("addresses"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("invitation letter")
        verbose_name_plural = _("invitation letters")
