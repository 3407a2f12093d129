"""Coaching sessions, pilots' trainings and health alerts (public schema)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
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
    # An operator saw it and wrote what is being done; the alert stays open until its
    # cause goes away.
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("acknowledged by"),
    )
    acknowledgement_note = models.TextField(_("note"), blank=True)

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


class Topic(models.TextChoices):
    """The training modules of the method (what a coaching session or a training is about)."""

    GROUP_COHESION = "cohesion", _("Group cohesion")
    PLATFORM = "platform", _("Using the platform")
    CAFES = "cafes", _("Cafés-rencontres")
    COMMUNICATION = "communication", _("Communication")
    POSTURES = "postures", _("Postures")
    WIDENING = "widening", _("Consolidating and widening the group")
    ECO_GESTURES = "eco_gestures", _("Eco-gestures")


class CoachingSession(models.Model):
    """Time a coach spent with a network's Groupe d'Animation (the method: ~2 h a week)."""

    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        related_name="coaching_sessions",
        verbose_name=_("network"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="coaching_sessions",
        verbose_name=_("coach"),
    )
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    topics = ArrayField(
        models.CharField(max_length=20, choices=Topic.choices), verbose_name=_("topics")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["network", "-date", "-pk"]
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        indexes = [
            models.Index(fields=["network", "date"]),
            models.Index(fields=["coach", "date"]),
        ]

    def __str__(self):
        return f"{self.network} {self.date:%Y-%m-%d}"

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [labels.get(code, code) for code in self.topics]


class Training(models.Model):
    """A training for the pilots and copilots of several networks (the method's "temps de
    formation spécifique": valuing them and sharing what other networks learnt)."""

    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("module"), max_length=20, choices=Topic.choices)
    starts_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_url = models.URLField(_("video call link"), max_length=300, blank=True)
    trainer = models.CharField(_("trainer"), max_length=150)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(video_url=""),
                name="training_has_place_or_video",
            )
        ]

    def __str__(self):
        return self.title


class TrainingInvitation(models.Model):
    """One pilot invited to a training. `emailed_at` is set in the same transaction as the
    send: a task run twice emails nobody twice. `attended` stays empty until ticked."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("training")
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="+", verbose_name=_("network")
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["training", "network__name", "name"]
        verbose_name = _("training invitation")
        verbose_name_plural = _("training invitations")
        constraints = [
            models.UniqueConstraint(fields=["training", "email"], name="one_invitation_per_email")
        ]


class WeeklyDigest(models.Model):
    """A coach's Monday digest for one week, written with the send: never sent twice."""

    coach = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(help_text=_("Monday of the week the digest covers."))
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")
        constraints = [
            models.UniqueConstraint(fields=["coach", "week"], name="one_digest_per_coach_week")
        ]
