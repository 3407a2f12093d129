"""Cafés-rencontres: the monthly meeting in public space (or online) that feeds real ties.

Every table here lives in each network's schema (TENANT_APPS). Kept lean on purpose: each
table and index is multiplied by the number of networks.
"""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from exchange.models import Member

DESCRIPTION_MAX = 2000
REPORT_MAX = 4000


class CafeSeries(models.Model):
    """A monthly rule ("first Saturday of the month at 10:00"); its cafés are real rows
    made ahead of time, so each one can be moved, cancelled or reported on alone."""

    class Week(models.IntegerChoices):
        FIRST = 1, pgettext_lazy("week of the month", "first")
        SECOND = 2, pgettext_lazy("week of the month", "second")
        THIRD = 3, pgettext_lazy("week of the month", "third")
        FOURTH = 4, pgettext_lazy("week of the month", "fourth")
        LAST = -1, pgettext_lazy("week of the month", "last")

    weekday = models.PositiveSmallIntegerField(_("day of the week"))  # 0 = Monday
    week_of_month = models.SmallIntegerField(_("week of the month"), choices=Week.choices)
    start_time = models.TimeField(_("time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    place_name = models.CharField(_("place"), max_length=120, blank=True)
    place_address = models.CharField(_("address"), max_length=200, blank=True)
    video_url = models.URLField(_("video call link"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX, blank=True)
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("series of cafés")
        verbose_name_plural = _("series of cafés")


class Cafe(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", pgettext_lazy("café", "Scheduled")
        HELD = "held", pgettext_lazy("café", "Held")
        CANCELLED = "cancelled", pgettext_lazy("café", "Cancelled")

    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    place_name = models.CharField(_("place"), max_length=120, blank=True)
    place_address = models.CharField(_("address"), max_length=200, blank=True)
    # Online cafés (the lesson of distancing): a video link instead of a place.
    video_url = models.URLField(_("video call link"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=DESCRIPTION_MAX, blank=True)
    hosts = models.ManyToManyField(
        Member, verbose_name=_("host team"), related_name="hosted_cafes", blank=True
    )
    series = models.ForeignKey(
        CafeSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="cafes"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    headcount_members = models.PositiveIntegerField(_("members present"), default=0)
    headcount_non_members = models.PositiveIntegerField(_("non-members present"), default=0)
    report = models.TextField(pgettext_lazy("café", "report"), max_length=REPORT_MAX, blank=True)
    report_at = models.DateTimeField(null=True, blank=True)
    # Calendar apps only take a changed event (e.g. cancelled) if its SEQUENCE went up.
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("café-rencontre")
        verbose_name_plural = _("cafés-rencontres")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(place_name="") | ~models.Q(video_url=""),
                name="cafe_has_place_or_video",
            )
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="cafe_status_start_idx")]

    def __str__(self):
        return f"{self.starts_at:%Y-%m-%d %H:%M} {self.place_name or self.video_url}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_online(self) -> bool:
        return bool(self.video_url) and not self.place_name

    @property
    def attendance(self) -> int:
        return self.headcount_members + self.headcount_non_members


class Rsvp(models.Model):
    """A resident says they will come (alone or through their sponsor)."""

    cafe = models.ForeignKey(Cafe, on_delete=models.CASCADE, related_name="rsvps")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="cafe_rsvps")
    acted_by = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cafe", "member"], name="one_rsvp")]


class Attendance(models.Model):
    """Who came, ticked by an animator at the café; newcomers are those registered there."""

    cafe = models.ForeignKey(Cafe, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="cafe_attendances")
    is_newcomer = models.BooleanField(default=False)
    marked_by = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cafe", "member"], name="one_attendance")]


class CafeReminder(models.Model):
    """One reminder email per café and member, ever: written in the same transaction as
    the send, so a task run twice (retry, duplicate delivery) sends nothing twice."""

    cafe = models.ForeignKey(Cafe, on_delete=models.CASCADE, related_name="reminders")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cafe", "member"], name="one_cafe_reminder")]


class CafeChange(models.Model):
    """A café moved (time, place, video link) or cancelled, as the people who answered must
    hear of it. `before` and `after` keep what was announced then, so the notices say what
    changed even if the café changes again before the emails go."""

    class Kind(models.TextChoices):
        CHANGED = "changed", pgettext_lazy("café change", "Changed")
        CANCELLED = "cancelled", pgettext_lazy("café change", "Cancelled")

    cafe = models.ForeignKey(Cafe, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    before = models.JSONField()
    after = models.JSONField()
    made_by = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class CafeChangeNotice(models.Model):
    """One person told of one change, once (the unique pair is the delivery key): in-app
    with the change, by email from a task that sets `emailed_at` in the transaction that
    locked the row, so a task run twice sends nothing twice."""

    change = models.ForeignKey(CafeChange, on_delete=models.CASCADE, related_name="notices")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    # They answered themselves; and/or the neighbours they accompany who answered (names,
    # as the notice said them).
    answered = models.BooleanField(default=True)
    neighbours = models.CharField(max_length=300, blank=True)
    text = models.CharField(max_length=300)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["change", "member"], name="one_cafe_change_notice")
        ]
