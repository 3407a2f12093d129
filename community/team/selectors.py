"""Reads of the task board, with their joins applied once (constant query counts)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from exchange.models import Member

from .models import Event, Task, TaskFamily

# Someone carrying more than this many times the group's average gets a gentle warning.
OVERLOAD_FACTOR = 2
RECENT_DAYS = 30


def group_members():
    """The Groupe d'Animation now: members with a role who have not left."""
    return (
        Member.objects.exclude(group_role="")
        .filter(anonymised_at__isnull=True)
        .select_related("user")
    )


def tasks_for_listing():
    return Task.objects.select_related("family", "assignee", "done_by", "event")


def board():
    """Every family with its open tasks (`family.open_tasks`), soonest due first:
    two queries whatever the number of tasks."""
    open_tasks = tasks_for_listing().filter(done_at__isnull=True)
    return TaskFamily.objects.prefetch_related(
        Prefetch("tasks", queryset=open_tasks, to_attr="open_tasks")
    )


def recently_done(days: int = RECENT_DAYS):
    since = timezone.now() - timedelta(days=days)
    return tasks_for_listing().filter(done_at__gte=since).order_by("-done_at")


def open_tasks_of(member: Member):
    return tasks_for_listing().filter(assignee=member, done_at__isnull=True)


def fete_checklist(event: Event):
    """The fête's tasks, open and done, in the order they are due."""
    return tasks_for_listing().filter(event=event)


@dataclass
class MemberLoad:
    member: Member
    open_tasks: int
    overloaded: bool


@dataclass
class GroupLoad:
    rows: list[MemberLoad]
    average: float  # open tasks per group member, counting those who carry none
    unassigned: int  # open tasks nobody has taken on yet


def load_per_member() -> GroupLoad:
    """Open tasks carried by each group member, heaviest first. `overloaded` flags whoever
    carries more than twice the group's average, so the group can share again (the method:
    tasks split so that each is light). Two queries."""
    members = list(
        group_members().annotate(
            n_open=Count("team_tasks", filter=Q(team_tasks__done_at__isnull=True))
        )
    )
    unassigned = Task.objects.filter(done_at__isnull=True, assignee__isnull=True).count()
    total = sum(m.n_open for m in members)
    average = total / len(members) if members else 0.0
    rows = [
        MemberLoad(
            member=m,
            open_tasks=m.n_open,
            overloaded=average > 0 and m.n_open > OVERLOAD_FACTOR * average,
        )
        for m in members
    ]
    rows.sort(key=lambda row: (-row.open_tasks, row.member.display_name))
    return GroupLoad(rows=rows, average=average, unassigned=unassigned)


def spread(values: list[int]) -> float:
    """1 - the normalised Gini coefficient of `values`: 1.0 when everyone carries the same
    number of tasks, 0.0 when one person carries them all. 0.0 when there is nothing to
    share (no task) or no one to share with (fewer than two people)."""
    n, total = len(values), sum(values)
    if n < 2 or total == 0:
        return 0.0
    differences = sum(abs(a - b) for a in values for b in values)
    gini = differences / (2 * n * total)  # between 0 and (n - 1) / n
    return round(1 - gini * n / (n - 1), 4)


def impact_counts(start: datetime, end: datetime) -> dict:
    """The group's figures for [start, end), for the impact page and the snapshots.

    - group_size: members of the Groupe d'Animation now (a role, not left).
    - tasks_done: tasks ticked done in the period.
    - task_spread: how evenly the tasks carried in the period are shared across the current
      group members, between 0 and 1 (see `spread`: 1 - normalised Gini). A task "carried
      in the period" is one done in it, or one still open at its end (created before the
      end, not done by then); it counts for its assignee, or for whoever ticked it when
      nobody was assigned. Group members who carried nothing count as zeros; tasks of
      people no longer in the group are left out. Three queries.
    """
    member_ids = list(group_members().values_list("pk", flat=True))
    tasks_done = Task.objects.filter(done_at__gte=start, done_at__lt=end).count()
    carried = (
        Task.objects.filter(
            Q(done_at__gte=start, done_at__lt=end)
            | Q(created_at__lt=end) & (Q(done_at__isnull=True) | Q(done_at__gte=end))
        )
        .annotate(carrier=Coalesce("assignee_id", "done_by_id"))
        .filter(carrier__in=member_ids)
        .values("carrier")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_member = {row["carrier"]: row["n"] for row in carried}
    return {
        "group_size": len(member_ids),
        "tasks_done": tasks_done,
        "task_spread": spread([per_member.get(pk, 0) for pk in member_ids]),
    }
