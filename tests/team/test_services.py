"""The task board's actions: bad input gives a clear French message and writes nothing;
only the Groupe d'Animation acts; recurring tasks come back exactly once."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from community.team import services
from community.team.models import FETE_TITLE, Event, Task, TaskFamily
from community.team.recurrence import next_due
from exchange.models import Member

from .conftest import error_of

# Month and year arithmetic: also run at 31 Dec 23:59, 1 Jan and 29 Feb.
pytestmark = pytest.mark.calendar_edges


FAMILIES = [
    "Inscriptions",
    "Communication",
    "Animation des cafés-rencontres",
    "Gestion de la plateforme",
    "Événementiel",
    "Reporting",
]


def _in(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def test_the_methods_families_are_seeded_in_every_schema(network_a, network_b):
    for schema in (network_a.schema_name, network_b.schema_name, "coopere_template"):
        with schema_context(schema):
            assert list(TaskFamily.objects.values_list("name", flat=True)) == FAMILIES, schema
    connection.set_schema_to_public()


def test_an_animator_puts_a_task_on_the_board(pilote, anne, family):
    task = services.create_task(
        actor=pilote,
        family=family,
        title="  Écrire la lettre de juin ",
        notes="Avec les photos du café",
        assignee=anne,
        due_date=_in(10),
        recurrence="monthly",
    )
    assert task.title == "Écrire la lettre de juin" and task.assignee == anne
    assert task.created_by == pilote and task.done_at is None


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"title": "  "}, "title", "Donnez à la tâche un titre court"),
        ({"title": "x" * 161}, "title", "Le titre est trop long"),
        ({"family": None}, "family", "Choisissez la famille"),
        ({"recurrence": "daily"}, "recurrence", "Choisissez à quel rythme"),
        ({"recurrence": "weekly"}, "due_date", "Une tâche qui revient a besoin d'une échéance"),
        ({"due_date": "demain"}, "due_date", "Indiquez l'échéance sous forme de date"),
        ({"due_date": date(2099, 1, 1)}, "due_date", "plus de deux ans"),
        ({"notes": "x" * 2001}, "notes", "Les notes sont trop longues"),
    ],
)
def test_bad_input_is_refused_in_french_and_nothing_is_written(
    pilote, family, changes, field, message
):
    data = {"family": family, "title": "Affiches du café", **changes}
    before = Task.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.create_task(actor=pilote, **data)
    assert message in error_of(exc, field)
    assert Task.objects.count() == before


def test_only_a_group_member_can_take_on_a_task(pilote, rose, family):
    with pytest.raises(ValidationError) as exc:
        services.create_task(actor=pilote, family=family, title="Affiches", assignee=rose)
    assert "Seul un membre du Groupe d'Animation" in error_of(exc, "assignee")
    task = services.create_task(actor=pilote, family=family, title="Affiches")
    with pytest.raises(ValidationError):
        services.assign_task(actor=pilote, task=task, assignee=rose)
    task.refresh_from_db()
    assert task.assignee is None


def test_a_member_outside_the_group_can_do_nothing(rose, pilote, family):
    task = services.create_task(actor=pilote, family=family, title="Affiches")
    with pytest.raises(PermissionDenied):
        services.create_task(actor=rose, family=family, title="Autre chose")
    for action in (services.complete_task, services.reopen_task, services.delete_task):
        with pytest.raises(PermissionDenied):
            action(actor=rose, task=task)
    with pytest.raises(PermissionDenied):
        services.assign_task(actor=rose, task=task, assignee=pilote)
    task.refresh_from_db()
    assert task.done_at is None and task.assignee is None and Task.objects.count() == 1


def test_assign_update_reopen_delete(pilote, anne, family):
    task = services.create_task(actor=pilote, family=family, title="Affiches")
    services.assign_task(actor=pilote, task=task, assignee=anne)
    assert Task.objects.get(pk=task.pk).assignee == anne
    services.update_task(
        actor=pilote, task=task, family=family, title="Affiches du café", due_date=_in(3)
    )
    task.refresh_from_db()
    assert task.title == "Affiches du café" and task.assignee is None  # the form says who
    services.complete_task(actor=anne, task=task)
    task.refresh_from_db()
    assert task.done_at and task.done_by == anne
    services.reopen_task(actor=pilote, task=task)
    task.refresh_from_db()
    assert task.done_at is None and task.done_by is None
    services.delete_task(actor=pilote, task=task)
    assert not Task.objects.filter(pk=task.pk).exists()


def test_a_recurring_task_comes_back_once_however_often_it_is_ticked(pilote, anne, family):
    due = _in(2)
    task = services.create_task(
        actor=pilote,
        family=family,
        title="Relever la boîte à idées",
        assignee=anne,
        due_date=due,
        recurrence="weekly",
    )
    services.complete_task(actor=anne, task=task)
    services.complete_task(actor=anne, task=task)  # a double click
    services.reopen_task(actor=anne, task=task)
    services.complete_task(actor=pilote, task=task)  # undone, then done again
    following = Task.objects.exclude(pk=task.pk)
    assert following.count() == 1
    nxt = following.get()
    assert nxt.due_date == due + timedelta(weeks=1) and nxt.previous_id == task.pk
    assert (nxt.title, nxt.assignee, nxt.recurrence, nxt.done_at) == (
        "Relever la boîte à idées",
        anne,
        "weekly",
        None,
    )


def test_the_next_occurrence_goes_to_nobody_when_the_assignee_left_the_group(pilote, anne, family):
    task = services.create_task(
        actor=pilote,
        family=family,
        title="Compte rendu",
        assignee=anne,
        due_date=_in(1),
        recurrence="monthly",
    )
    Member.objects.filter(pk=anne.pk).update(group_role="")
    services.complete_task(actor=pilote, task=task)
    assert Task.objects.get(previous=task).assignee is None


def test_next_due_dates():
    today = date(2027, 1, 10)
    assert next_due(date(2027, 1, 31), "monthly", today=today) == date(2027, 2, 28)
    assert next_due(date(2027, 1, 31), "monthly", today=date(2027, 3, 1)) == date(2027, 3, 31)
    assert next_due(date(2028, 2, 29), "yearly", today=today) == date(2029, 2, 28)
    assert next_due(date(2027, 1, 12), "weekly", today=today) == date(2027, 1, 19)
    # Done three weeks late: the next one is the first still to come, not an overdue one.
    assert next_due(date(2026, 12, 20), "weekly", today=today) == date(2027, 1, 10)


def test_a_fete_comes_with_its_preparation_checklist(pilote):
    day = _in(120)
    event = services.create_fete(actor=pilote, year=day.year, date=day, place="Square Pasteur")
    assert event.title == FETE_TITLE and event.place == "Square Pasteur"
    tasks = list(event.tasks.select_related("family"))
    assert len(tasks) == len(services.FETE_CHECKLIST)
    assert {t.family.name for t in tasks} == {"Événementiel"}
    titles = " ".join(t.title for t in tasks)
    for word in ("Réserver le lieu", "mairie", "affiches", "programme", "buvette", "photos"):
        assert word in titles
    before = [t for t in tasks if not t.title.startswith("Remercier")]
    assert all(timezone.localdate() <= t.due_date < day for t in before)
    assert Task.objects.get(event=event, title__startswith="Remercier").due_date > day


def test_a_fete_soon_has_its_late_tasks_due_today_not_in_the_past(pilote):
    day = _in(10)
    event = services.create_fete(actor=pilote, year=day.year, date=day, place="Parc")
    assert min(t.due_date for t in event.tasks.all()) == timezone.localdate()


@pytest.mark.parametrize(
    "days, place, message, field",
    [
        (-1, "Parc", "Cette date est déjà passée", "date"),
        (None, "Parc", "Indiquez la date de la fête", "date"),
        (30, "  ", "Dites où aura lieu la fête", "place"),
        (900, "Parc", "plus de deux ans", "date"),
    ],
)
def test_a_fete_with_bad_input_is_refused_in_french(pilote, days, place, message, field):
    day = None if days is None else _in(days)
    with pytest.raises(ValidationError) as exc:
        services.create_fete(actor=pilote, year=day.year if day else 2027, date=day, place=place)
    assert message in error_of(exc, field)
    assert not Event.objects.exists() and not Task.objects.exists()


def test_one_fete_a_year(pilote):
    day = _in(60)
    services.create_fete(actor=pilote, year=day.year, date=day, place="Parc")
    with pytest.raises(ValidationError) as exc:
        services.create_fete(actor=pilote, year=day.year, date=day, place="Ailleurs")
    assert f"Il y a déjà une Fête de la Coopération en {day.year}" in error_of(exc, "date")
    assert Event.objects.count() == 1 and Task.objects.count() == len(services.FETE_CHECKLIST)


def test_the_date_must_be_in_the_year_given(pilote):
    day = _in(60)
    with pytest.raises(ValidationError) as exc:
        services.create_fete(actor=pilote, year=day.year + 1, date=day, place="Parc")
    assert "La date doit tomber en" in error_of(exc, "date")


def test_only_the_group_plans_the_fete(rose):
    with pytest.raises(PermissionDenied):
        services.create_fete(actor=rose, year=_in(60).year, date=_in(60), place="Parc")
    assert not Event.objects.exists()


def test_ticking_a_task_deleted_meanwhile_says_so(pilote, family):
    task = services.create_task(actor=pilote, family=family, title="Affiches")
    Task.objects.filter(pk=task.pk).delete()
    with pytest.raises(ValidationError) as exc:
        services.complete_task(actor=pilote, task=task)
    assert "Cette tâche n'existe plus" in error_of(exc)
    assert not Task.objects.exists()
