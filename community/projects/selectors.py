"""Reusable reads about projects and sheets, with their joins applied once."""

from datetime import datetime

from django.db.models import Count, Prefetch, Q

from exchange.models import Member

from .models import Project, ProjectMember, ProjectPhoto, ProjectStep, Sheet


def projects_for_listing(*, status: str | None = None):
    """Projects with their counts (people, steps, steps done): a fixed number of queries."""
    projects = Project.objects.select_related("started_from").annotate(
        people=Count("members", distinct=True),
        step_count=Count("steps", distinct=True),
        steps_done=Count("steps", filter=Q(steps__done_at__isnull=False), distinct=True),
    )
    if status:
        projects = projects.filter(status=status)
    return projects.order_by("-created_at", "-pk")


def project_ids_of(member: Member) -> set[int]:
    return set(ProjectMember.objects.filter(member=member).values_list("project_id", flat=True))


def project_detail(pk: int):
    """One project with everything its page shows, or DoesNotExist."""
    people = ProjectMember.objects.select_related("member", "acted_by").order_by(
        "member__display_name", "pk"
    )
    return (
        Project.objects.select_related("started_from", "created_by")
        .prefetch_related(
            Prefetch("members", queryset=people),
            Prefetch("steps", queryset=ProjectStep.objects.select_related("done_by")),
            Prefetch("photos", queryset=ProjectPhoto.objects.select_related("added_by")),
        )
        .get(pk=pk)
    )


def sheets_by_kind() -> dict[str, list[Sheet]]:
    sheets = list(Sheet.objects.order_by("position", "title"))
    return {kind: [s for s in sheets if s.kind == kind] for kind in Sheet.Kind.values}


def impact_counts(start: datetime, end: datetime) -> dict[str, int]:
    """Projects started (created) and done (reached "done") in [start, end): one query."""
    return Project.objects.aggregate(
        projects_started=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        projects_done=Count("pk", filter=Q(done_at__gte=start, done_at__lt=end)),
    )
