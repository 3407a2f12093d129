"""The Groupe d'Animation's actions on its task board, and the yearly Fête de la Coopération.

Only the group acts here (`check_animator`). Each action checks all its input first, then
writes in one transaction. Completing a recurring task creates its next occurrence once,
however many times it is called (`Task.previous` is unique and the task row is locked).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopere.validation import Errors
from exchange.models import Member
from exchange.services._common import check_animator

from .models import FETE_TITLE, NOTES_MAX, PLACE_MAX, TITLE_MAX, Event, Task, TaskFamily
from .recurrence import next_due

EVENTS_FAMILY = "Événementiel"
# A typo in the year (20226) must not hide a task or a fête where nobody will ever see it.
MAX_AHEAD = dt.timedelta(days=2 * 366)
# The fête's preparation, in the method's words (rows the group then edits freely, like
# the themes): title, and how many days before the fête it is due (negative: after it).
FETE_CHECKLIST = [
    ("Réserver le lieu de la fête", 90),
    ("Demander l'autorisation à la mairie (espace public, buvette)", 75),
    ("Établir le programme de la fête", 60),
    ("Inviter les partenaires (mairie, bailleur, associations du quartier)", 45),
    ("Préparer les affiches et la lettre aux habitants", 45),
    ("Distribuer les affiches et la lettre dans le périmètre", 21),
    ("Organiser la buvette partagée (chacun apporte quelque chose)", 21),
    ("Préparer le stand des réalisations de l'année", 14),
    ("Prévoir qui prend les photos", 7),
    ("Remercier les participants, les bénévoles et les partenaires", -7),
]


def _clean_task(*, family, title, notes="", assignee=None, due_date=None, recurrence="") -> dict:
    errors = Errors()
    title = (title or "").strip()
    notes = (notes or "").strip()
    recurrence = recurrence or ""
    if not isinstance(family, TaskFamily):
        errors.add("family", _("Choose the family this task belongs to."))
    if not title:
        errors.add("title", _("Give the task a short title (what is to be done)."))
    elif len(title) > TITLE_MAX:
        errors.add("title", _("The title is too long (160 characters at most)."))
    if len(notes) > NOTES_MAX:
        errors.add("notes", _("The notes are too long (2000 characters at most)."))
    if assignee is not None and not _in_group(assignee):
        errors.add("assignee", _("Only a member of the Groupe d'Animation can take on a task."))
    if due_date is not None and not isinstance(due_date, dt.date):
        errors.add("due_date", _("Give the due date as a date (day, month, year)."))
    elif due_date is not None and due_date > timezone.localdate() + MAX_AHEAD:
        errors.add("due_date", _("This due date is more than two years away: check the year."))
    if recurrence not in Task.Recurrence.values:
        errors.add("recurrence", _("Choose how often this task comes back."))
    elif recurrence and due_date is None and "due_date" not in errors:
        errors["due_date"] = [
            _("A recurring task needs a due date: the next one is counted from it.")
        ]
    errors.raise_if_any()
    return {
        "family": family,
        "title": title,
        "notes": notes,
        "assignee": assignee,
        "due_date": due_date,
        "recurrence": recurrence,
    }


def _in_group(member) -> bool:
    return isinstance(member, Member) and member.is_animator and member.anonymised_at is None


def create_task(*, actor: Member, **fields) -> Task:
    """A new task; `fields` as `_clean_task` takes them (family, title, notes, assignee,
    due_date, recurrence)."""
    check_animator(actor)
    data = _clean_task(**fields)
    with transaction.atomic():
        return Task.objects.create(created_by=actor, **data)


def update_task(*, actor: Member, task: Task, **fields) -> Task:
    """Change a task; every field is given again, as on the edit form."""
    check_animator(actor)
    data = _clean_task(**fields)
    with transaction.atomic():
        for field, value in data.items():
            setattr(task, field, value)
        task.save(update_fields=list(data))
    return task


def assign_task(*, actor: Member, task: Task, assignee: Member | None) -> Task:
    """Give the task to a group member (None: nobody yet)."""
    check_animator(actor)
    if assignee is not None and not _in_group(assignee):
        raise ValidationError(
            {"assignee": [_("Only a member of the Groupe d'Animation can take on a task.")]}
        )
    with transaction.atomic():
        Task.objects.filter(pk=task.pk).update(assignee=assignee)
    task.assignee = assignee
    return task


def complete_task(*, actor: Member, task: Task) -> Task:
    """Tick the task done. A recurring task gets its next occurrence (same family, title,
    notes and assignee, next due date) — once, whatever happens twice."""
    check_animator(actor)
    with transaction.atomic():
        locked = Task.objects.select_for_update().filter(pk=task.pk).first()
        if locked is None:  # deleted by someone else meanwhile
            raise ValidationError(_("This task no longer exists."))
        if locked.done_at is None:
            locked.done_at = timezone.now()
            locked.done_by = actor
            locked.save(update_fields=["done_at", "done_by"])
        if locked.recurrence and locked.due_date:
            _ensure_next_occurrence(locked)
    return locked


def _ensure_next_occurrence(task: Task) -> Task:
    existing = Task.objects.filter(previous=task).first()
    if existing:
        return existing
    assignee = task.assignee if task.assignee and _in_group(task.assignee) else None
    try:
        with transaction.atomic():  # a savepoint: a concurrent twin only undoes itself
            return Task.objects.create(
                family_id=task.family_id,
                title=task.title,
                notes=task.notes,
                assignee=assignee,
                due_date=next_due(task.due_date, task.recurrence, today=timezone.localdate()),
                recurrence=task.recurrence,
                event_id=task.event_id,
                previous=task,
                created_by_id=task.created_by_id,
            )
    except IntegrityError:
        return Task.objects.get(previous=task)


def reopen_task(*, actor: Member, task: Task) -> Task:
    """Undo a tick. A next occurrence already made stays (it is the next cycle's)."""
    check_animator(actor)
    with transaction.atomic():
        Task.objects.filter(pk=task.pk).update(done_at=None, done_by=None)
    task.done_at = task.done_by = None
    return task


def delete_task(*, actor: Member, task: Task) -> None:
    check_animator(actor)
    with transaction.atomic():
        Task.objects.filter(pk=task.pk).delete()


def create_fete(
    *, actor: Member, year: int, date: dt.date | None, place: str, title: str = FETE_TITLE
) -> Event:
    """The year's Fête de la Coopération, with its preparation checklist as tasks of the
    family Événementiel, each due some days before the fête (never before today)."""
    check_animator(actor)
    errors = Errors()
    today = timezone.localdate()
    place = (place or "").strip()
    title = (title or "").strip() or FETE_TITLE
    if not isinstance(date, dt.date):
        errors.add("date", _("Give the date of the fête."))
    elif date < today:
        errors.add("date", _("This date is already past: choose a day to come."))
    elif date > today + MAX_AHEAD:
        errors.add("date", _("This date is more than two years away: check the year."))
    elif year != date.year:
        errors.add("date", _("The date must fall in %(year)s.") % {"year": year})
    elif Event.objects.filter(year=year).exists():
        errors.add("date", _already_one(year))
    if not place:
        errors.add("place", _("Say where the fête will take place."))
    elif len(place) > PLACE_MAX:
        errors.add("place", _("The place is too long (200 characters at most)."))
    if len(title) > TITLE_MAX:
        errors.add("title", _("The title is too long (160 characters at most)."))
    errors.raise_if_any()
    try:
        with transaction.atomic():
            event = Event.objects.create(
                title=title, year=year, date=date, place=place, created_by=actor
            )
            family, _created = TaskFamily.objects.get_or_create(
                name=EVENTS_FAMILY, defaults={"position": 5}
            )
            Task.objects.bulk_create(
                Task(
                    family=family,
                    title=item,
                    due_date=max(date - dt.timedelta(days=days_before), today),
                    event=event,
                    created_by=actor,
                )
                for item, days_before in FETE_CHECKLIST
            )
    except IntegrityError:  # another animator created the same year's fête meanwhile
        raise ValidationError({"date": [_already_one(year)]}) from None
    return event


def _already_one(year) -> str:
    return _("There is already a Fête de la Coopération in %(year)s.") % {"year": year}
