"""The Groupe d'Animation's task board and the yearly Fête de la Coopération.

Every table lives in each network's schema (TENANT_APPS). Task families are seeded by a data
migration (the method's six families), so every network, the template and its clones start
with them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from exchange.models import Member

TITLE_MAX = 160
NOTES_MAX = 2000
PLACE_MAX = 200
# The method's own name for the yearly celebration: it stays French in both languages.
FETE_TITLE = "Fête de la Coopération"


class TaskFamily(models.Model):
    """One of the method's families of actions (inscriptions, communication…)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    description = models.CharField(_("description"), max_length=240, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("task family")
        verbose_name_plural = _("task families")

    def __str__(self):
        return self.name


class Event(models.Model):
    """The yearly Fête de la Coopération: one a year, with its preparation checklist
    (tasks of the family Événementiel linked to it)."""

    title = models.CharField(_("title"), max_length=TITLE_MAX, default=FETE_TITLE)
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=PLACE_MAX)
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("Fête de la Coopération")
        verbose_name_plural = _("Fêtes de la Coopération")

    def __str__(self):
        return f"{self.title} {self.year}"


class Task(models.Model):
    class Recurrence(models.TextChoices):
        NONE = "", _("Once")
        WEEKLY = "weekly", _("Every week")
        MONTHLY = "monthly", _("Every month")
        YEARLY = "yearly", _("Every year")

    family = models.ForeignKey(
        TaskFamily, verbose_name=_("family"), on_delete=models.PROTECT, related_name="tasks"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    notes = models.TextField(_("notes"), max_length=NOTES_MAX, blank=True)
    assignee = models.ForeignKey(
        Member,
        verbose_name=_("who takes it on"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="team_tasks",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    recurrence = models.CharField(
        _("repeats"), max_length=8, choices=Recurrence.choices, blank=True
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
    )
    # The occurrence this one follows: unique, so completing a recurring task twice (a
    # double click, a retry) can never create two next occurrences.
    previous = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_occurrence"
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["done_at", "assignee"], name="team_task_open_idx")]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
