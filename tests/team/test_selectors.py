"""The board, the load per member and the figures the impact page reads."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from community.team import selectors
from community.team.models import Task, TaskFamily
from community.team.selectors import spread
from tests.exchange.factories import MemberFactory

# Month and year arithmetic: also run at 31 Dec 23:59, 1 Jan and 29 Feb.
pytestmark = pytest.mark.calendar_edges


def _task(family, creator, *, assignee=None, done_at=None, done_by=None, title="Tâche"):
    return Task.objects.create(
        family=family,
        title=title,
        assignee=assignee,
        done_at=done_at,
        done_by=done_by,
        created_by=creator,
    )


def test_the_board_lists_open_tasks_by_family_in_two_queries(
    pilote, anne, family, django_assert_num_queries
):
    other = TaskFamily.objects.get(name="Reporting")
    for i in range(5):
        _task(family, pilote, assignee=anne if i % 2 else None, title=f"Com {i}")
    _task(other, pilote, assignee=pilote, title="Bilan")
    _task(other, pilote, title="Fait", done_at=timezone.now(), done_by=pilote)
    with django_assert_num_queries(2):
        families = list(selectors.board())
        names = {f.name: [t.title for t in f.open_tasks] for f in families}
        assignees = [t.assignee and t.assignee.display_name for f in families for t in f.open_tasks]
    assert len(names["Communication"]) == 5 and names["Reporting"] == ["Bilan"]
    assert names["Inscriptions"] == [] and "Annick T." in assignees


def test_load_per_member_flags_whoever_carries_more_than_twice_the_average(
    pilote, anne, rose, family
):
    quiet = MemberFactory(animator=True, display_name="Zoé Z.")
    for _ in range(7):
        _task(family, pilote, assignee=pilote)
    _task(family, pilote, assignee=anne)
    _task(family, pilote)  # nobody yet
    _task(family, pilote, assignee=anne, done_at=timezone.now())  # done: not a load
    load = selectors.load_per_member()
    rows = {row.member.pk: row for row in load.rows}
    group = selectors.group_members().count()
    assert len(rows) == group >= 3 and rose.pk not in rows  # Rose is not in the group
    assert [rows[m.pk].open_tasks for m in (pilote, anne, quiet)] == [7, 1, 0]
    assert load.rows[0].member == pilote  # heaviest first
    assert load.average == pytest.approx(8 / group) and load.unassigned == 1
    assert rows[pilote.pk].overloaded  # 7 > 2 × the average
    assert not rows[anne.pk].overloaded and not rows[quiet.pk].overloaded


def test_nobody_is_flagged_when_the_load_is_even(pilote, anne, family):
    for member in (pilote, anne):
        _task(family, pilote, assignee=member)
    assert not any(row.overloaded for row in selectors.load_per_member().rows)


def test_spread_is_one_minus_the_normalised_gini():
    assert spread([3, 3, 3]) == 1.0
    assert spread([6, 0, 0]) == 0.0
    assert spread([0, 0]) == 0.0  # nothing to share
    assert spread([4]) == 0.0  # no one to share with
    assert 0 < spread([4, 2, 0]) < 1
    assert spread([2, 1]) > spread([3, 0])


def test_impact_counts(pilote, anne, rose, family):
    now = timezone.now()
    start, end = now - timedelta(days=10), now + timedelta(days=1)
    long_ago = now - timedelta(days=40)
    _task(family, pilote, assignee=pilote, done_at=now - timedelta(days=2), done_by=pilote)
    _task(family, pilote, done_at=now - timedelta(days=1), done_by=anne)  # counts for Anne
    _task(family, pilote, assignee=anne, done_at=long_ago, done_by=anne)  # before the period
    _task(family, pilote, assignee=rose)  # Rose is not in the group: left out of the spread
    others = [0] * (selectors.group_members().count() - 2)  # group members of other tests
    counts = selectors.impact_counts(start, end)
    assert counts["group_size"] == 2 + len(others) and counts["tasks_done"] == 2
    assert counts["task_spread"] == spread([1, 1, *others])
    if not others:
        assert counts["task_spread"] == 1.0  # one each
    _task(family, pilote, assignee=pilote)
    _task(family, pilote, assignee=pilote)
    counts = selectors.impact_counts(start, end)
    assert counts["task_spread"] == spread([3, 1, *others]) < spread([1, 1, *others])


def test_impact_counts_of_an_empty_period(in_a):
    start = timezone.make_aware(datetime(2020, 1, 1))
    counts = selectors.impact_counts(start, start + timedelta(days=31))
    group = selectors.group_members().count()
    assert counts == {"group_size": group, "tasks_done": 0, "task_spread": 0.0}
