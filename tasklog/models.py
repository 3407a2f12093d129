"""Celery tasks that failed for good (retries exhausted), kept in public for operators."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FailedTask(models.Model):
    """One failing call (task, schema, arguments). The same call failing again while its
    row is still open adds to `count`; once an operator marks it handled, a new failure
    opens a new row."""

    task_name = models.CharField(_("task"), max_length=200)
    schema_name = models.CharField(_("network schema"), max_length=63)
    args = models.JSONField(_("arguments"), default=list)
    kwargs = models.JSONField(_("keyword arguments"), default=dict)
    # sha256 of (task, schema, args, kwargs): one open row per call.
    call_key = models.CharField(max_length=64)
    task_id = models.CharField(max_length=255, blank=True)
    exception = models.TextField(_("error"))
    traceback = models.TextField(blank=True)
    count = models.PositiveIntegerField(_("failures"), default=1)
    first_failed_at = models.DateTimeField(_("first failure"))
    last_failed_at = models.DateTimeField(_("last failure"))
    handled_at = models.DateTimeField(_("handled on"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-last_failed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call_key"],
                condition=Q(handled_at__isnull=True),
                name="one_open_failure_per_call",
            )
        ]

    def __str__(self):
        return f"{self.task_name} ({self.schema_name}) ×{self.count}"
