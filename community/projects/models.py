"""Collective projects (éco-projets) and the sheets they start from.

Every table here lives in each network's schema (TENANT_APPS). Sheets are seeded by a data
migration, so every network (and the template new networks are cloned from) has the same
starting library, which its Groupe d'Animation then edits. Kept lean: a sheet's steps are a
JSON list, not a table of their own (each table is multiplied by the number of networks).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from exchange.models import Member

TITLE_MAX = 120
SUMMARY_MAX = 300
GOAL_MAX = 2000
BODY_MAX = 6000
STEP_MAX = 300
CAPTION_MAX = 200
PLACE_MAX = 160


class Sheet(models.Model):
    """A kick-off sheet (how to start a collective action) or an awareness sheet
    (eco-gestures). Its steps are copied into a project started from it."""

    class Kind(models.TextChoices):
        KICKOFF = "kickoff", _("Kick-off sheet")
        AWARENESS = "awareness", _("Eco-gestures sheet")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    slug = models.SlugField(_("short name in the address"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    summary = models.CharField(_("summary"), max_length=SUMMARY_MAX, blank=True)
    body = models.TextField(_("text"), max_length=BODY_MAX, blank=True)
    # An ordered list of short texts: steps of a kick-off sheet, tips of an awareness sheet.
    steps = models.JSONField(_("steps"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "position", "title"]
        verbose_name = _("sheet")
        verbose_name_plural = _("sheets")

    def __str__(self):
        return self.title


class Project(models.Model):
    class Status(models.TextChoices):
        IDEA = "idea", pgettext_lazy("project", "Idea")
        ACTIVE = "active", pgettext_lazy("project", "Under way")
        DONE = "done", pgettext_lazy("project", "Done")
        ABANDONED = "abandoned", pgettext_lazy("project", "Abandoned")

    title = models.CharField(_("title"), max_length=TITLE_MAX)
    goal = models.TextField(_("goal"), max_length=GOAL_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.IDEA
    )
    next_meeting = models.DateTimeField(_("next meeting"), null=True, blank=True)
    next_meeting_place = models.CharField(_("meeting place"), max_length=PLACE_MAX, blank=True)
    started_from = models.ForeignKey(
        Sheet, on_delete=models.SET_NULL, null=True, blank=True, related_name="projects"
    )
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("collective project")
        verbose_name_plural = _("collective projects")
        indexes = [models.Index(fields=["status", "-created_at"], name="project_status_idx")]

    def __str__(self):
        return self.title


class ProjectStep(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("step"), max_length=STEP_MAX)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]


class ProjectMember(models.Model):
    """A neighbour involved in the project (joined alone, or added by their sponsor)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="projects")
    acted_by = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "member"], name="one_membership_per_project")
        ]


class ProjectPhoto(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="photos")
    # Storage is per schema (TenantFileSystemStorage), served by exchange's /media/ view.
    image = models.ImageField(_("photo"), upload_to="projects/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=CAPTION_MAX, blank=True)
    added_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-added_at", "-pk"]
