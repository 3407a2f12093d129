"""The support-access audit log.

One model, two tables: `support` is in SHARED_APPS and TENANT_APPS, so it has a table in
`public` and one in every network schema, and rows never cross.

- In `public`, a row is a coach's *grant*: who asked to open which network, why, and the
  life of the signed link (issued, used once, session ended). The console lists these.
- In a network, a row is what the network itself keeps of the visit: who came in as
  support, why, when, until when and when it ended. Its animators read it at
  /support/journal/; `public_id` points back to the grant.

No foreign keys: the same user id means different people in public and in a network, and
a network's rows must stay readable whatever happens to the public ones.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SupportSession(models.Model):
    class EndCause(models.TextChoices):
        ENDED = "ended", _("Ended by the coach")
        EXPIRED = "expired", _("Time limit reached")

    network_schema = models.CharField(_("network schema"), max_length=63, db_index=True)
    network_slug = models.CharField(_("network address"), max_length=40)
    network_name = models.CharField(_("network"), max_length=120)
    # The coach: a user of the public schema (id kept for the record, name as it was).
    coach_id = models.BigIntegerField(_("coach id"))
    coach_name = models.CharField(_("coach"), max_length=300)
    coach_email = models.CharField(_("coach's email"), max_length=254, blank=True)
    reason = models.TextField(_("reason"))
    granted_at = models.DateTimeField(_("granted at"))
    link_expires_at = models.DateTimeField(_("link valid until"))
    entered_at = models.DateTimeField(_("entered at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("session until"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    end_cause = models.CharField(
        _("how it ended"), max_length=10, choices=EndCause.choices, blank=True
    )
    # A pilote of the network let this visit change roles (exchange.access): who, when.
    # Kept by name in both logs (no foreign key, as above); the id finds the pilote again.
    roles_consent_by = models.CharField(_("roles agreed by"), max_length=150, blank=True)
    roles_consent_member_id = models.BigIntegerField(null=True, blank=True)
    roles_consent_at = models.DateTimeField(_("roles agreed at"), null=True, blank=True)
    # In a network's copy: the public grant's id, and the network's support user.
    public_id = models.BigIntegerField(null=True, blank=True)
    support_user_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-pk"]
        verbose_name = _("support session")
        verbose_name_plural = _("support sessions")
        indexes = [models.Index(fields=["-granted_at", "-id"], name="support_recent")]

    def __str__(self):
        return f"{self.coach_name} → {self.network_name} ({self.granted_at:%Y-%m-%d %H:%M})"

    @property
    def is_live(self) -> bool:
        return (
            self.entered_at is not None
            and self.ended_at is None
            and self.ends_at is not None
            and self.ends_at > timezone.now()
        )

    @property
    def effective_end(self):
        """When the session ended: recorded, or its time limit if nobody came back after it
        (the end is only written on the next request)."""
        if self.ended_at is not None:
            return self.ended_at
        if self.ends_at is not None and self.ends_at <= timezone.now():
            return self.ends_at
        return None

    @property
    def effective_cause(self) -> str:
        if self.ended_at is not None:
            return self.get_end_cause_display()
        return self.EndCause.EXPIRED.label if self.effective_end else ""
