"""Coaching sessions, pilots' trainings and health alerts (public schema)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import Network


class HealthAlert(models.Model):
    """A sign that a network needs its coach, raised and closed by the nightly health task.

    Open while `closed_at` is empty; at most one open alert per network and kind.
    """

    class Kind(models.TextChoices):
        NO_CAFE = "no_cafe", _("No café-rencontre for 45 days")
        GROUP_TOO_SMALL = "group_too_small", _("Groupe d'Animation below its minimum")
        NO_NEWCOMER = "no_newcomer", _("No new member for 60 days")
        PHASE_OVERDUE = "phase_overdue", _("Phase overdue")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="health_alerts", verbose_name=_("network")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # What the task saw, in plain words for the console ("last café on 3 March").
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    opened_at = models.DateTimeField(_("raised at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["network", "-opened_at"]
        verbose_name = _("health alert")
        verbose_name_plural = _("health alerts")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "kind"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_alert_per_kind",
            )
        ]
        indexes = [models.Index(fields=["closed_at", "network"])]
