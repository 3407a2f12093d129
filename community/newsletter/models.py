"""The network's newsletter: issues, one delivery row per member emailed, opt-outs.

Every table lives in each network's schema (TENANT_APPS). A Delivery row is the guarantee
of "exactly once": it is created before sending, locked while its email goes out, and
stamped `sent_at` in the same transaction.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from exchange.models import Member

SUBJECT_MAX = 200
BODY_MAX = 50_000


class Newsletter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")

    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX)
    # Always stored sanitised (services.sanitise_body): safe to show as it is.
    body_html = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When sending was asked for, and when the last email went out (the issue is then "sent").
    send_requested_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-created_at"]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        indexes = [models.Index(fields=["status", "sent_at"], name="newsletter_archive_idx")]

    def __str__(self):
        return self.subject


class Delivery(models.Model):
    """One member's copy of one issue by email."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="deliveries")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "member"], name="one_delivery_per_member")
        ]


class NewsletterOptOut(models.Model):
    """A member who asked not to receive the newsletter by email (tranquillité)."""

    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, related_name="newsletter_opt_out"
    )
    created_at = models.DateTimeField(auto_now_add=True)
