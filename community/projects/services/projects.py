"""Starting and running a collective project: who is in, its status, its next meeting.

Any member may start a project; the neighbours involved (and the Groupe d'Animation) run
it. Each action checks all its input first, then writes in one transaction.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopere.validation import Errors
from exchange.models import Member
from exchange.services._common import check_active, check_can_act_for, field_error

from ..models import (
    GOAL_MAX,
    PLACE_MAX,
    STEP_MAX,
    TITLE_MAX,
    Project,
    ProjectMember,
    ProjectStep,
    Sheet,
)

# A typo in the year must not set a meeting nobody will ever see.
MAX_AHEAD = timedelta(days=2 * 366)
OVER = (Project.Status.DONE, Project.Status.ABANDONED)


def is_involved(member: Member, project: Project) -> bool:
    return ProjectMember.objects.filter(project=project, member=member).exists()


def check_can_run(actor: Member, project: Project) -> None:
    """The neighbours involved run their project; the Groupe d'Animation may help."""
    if not (actor.is_animator or is_involved(actor, project)):
        raise PermissionDenied(_("Join the project first to change it."))


def _clean_text(*, title, goal) -> dict:
    errors = Errors()
    title = (title or "").strip()
    goal = (goal or "").strip()
    if not title:
        errors.add("title", _("Give the project a title."))
    elif len(title) > TITLE_MAX:
        errors["title"] = [
            _("The title is too long (%(max)d characters at most).") % {"max": TITLE_MAX}
        ]
    if len(goal) > GOAL_MAX:
        errors["goal"] = [
            _("The goal is too long (%(max)d characters at most).") % {"max": GOAL_MAX}
        ]
    errors.raise_if_any()
    return {"title": title, "goal": goal}


def start_project(
    *, actor: Member, title: str = "", goal: str = "", sheet: Sheet | None = None
) -> Project:
    """A new project, its starter involved; from a sheet, with a copy of the sheet's steps
    (the project's own from then on: editing the sheet later changes nothing here)."""
    check_active(actor)
    if sheet is not None and not (title or "").strip():
        title = sheet.title
    fields = _clean_text(title=title, goal=goal)
    with transaction.atomic():
        project = Project.objects.create(**fields, started_from=sheet, created_by=actor)
        ProjectMember.objects.create(project=project, member=actor)
        if sheet is not None:
            ProjectStep.objects.bulk_create(
                ProjectStep(project=project, position=n, text=str(text)[:STEP_MAX])
                for n, text in enumerate(sheet.steps, start=1)
            )
    return project


def update_project(*, actor: Member, project: Project, title: str, goal: str = "") -> Project:
    check_can_run(actor, project)
    fields = _clean_text(title=title, goal=goal)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(project, name, value)
        project.save(update_fields=[*fields, "updated_at"])
    return project


def set_project_status(*, actor: Member, project: Project, status: str) -> Project:
    check_can_run(actor, project)
    if status not in Project.Status.values:
        raise field_error("status", _("This change of status is not possible."))
    if status == project.status:
        return project
    with transaction.atomic():
        project.status = status
        # "Done" counts once, at the moment it was reached; reopening takes it back.
        project.done_at = timezone.now() if status == Project.Status.DONE else None
        project.save(update_fields=["status", "done_at", "updated_at"])
    return project


def set_next_meeting(
    *, actor: Member, project: Project, when: datetime | None, place: str = ""
) -> Project:
    """The next meeting of the people involved; `when=None` clears it."""
    check_can_run(actor, project)
    place = (place or "").strip()
    errors = Errors()
    if when is not None:
        if not isinstance(when, datetime):
            errors.add("next_meeting", _("Give the date and time of the meeting."))
        else:
            if timezone.is_naive(when):
                when = timezone.make_aware(when)
            now = timezone.now()
            if when <= now:
                errors["next_meeting"] = [
                    _("This date is already past: choose a date and time to come.")
                ]
            elif when > now + MAX_AHEAD:
                errors.add("next_meeting", _("This date is too far ahead: check the year."))
    if len(place) > PLACE_MAX:
        errors["next_meeting_place"] = [
            _("The place is too long (%(max)d characters at most).") % {"max": PLACE_MAX}
        ]
    errors.raise_if_any()
    with transaction.atomic():
        project.next_meeting = when
        project.next_meeting_place = place if when else ""
        project.save(update_fields=["next_meeting", "next_meeting_place", "updated_at"])
    return project


def join_project(*, actor: Member, member: Member, project: Project) -> ProjectMember:
    """`member` joins (by themselves, or through their sponsor). Joining twice is harmless."""
    acted_by = check_can_act_for(actor, member)
    check_active(member)
    if project.status in OVER:
        raise ValidationError(_("This project is over: it no longer takes new people."))
    with transaction.atomic():
        membership, _created = ProjectMember.objects.get_or_create(
            project=project, member=member, defaults={"acted_by": acted_by}
        )
    return membership


def leave_project(*, actor: Member, member: Member, project: Project) -> None:
    check_can_act_for(actor, member)
    with transaction.atomic():
        ProjectMember.objects.filter(project=project, member=member).delete()
