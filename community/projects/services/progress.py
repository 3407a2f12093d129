"""A project's checklist and photos, kept by the neighbours involved."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coopere.validation import Errors
from exchange.models import Member

from ..models import CAPTION_MAX, STEP_MAX, Project, ProjectPhoto, ProjectStep
from .projects import check_can_run

MAX_STEPS = 60


def add_step(*, actor: Member, project: Project, text: str) -> ProjectStep:
    check_can_run(actor, project)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write the step in a few words.")]})
    if len(text) > STEP_MAX:
        raise ValidationError(
            {
                "text": [
                    _("Each step fits on one line (%(max)d characters at most).")
                    % {"max": STEP_MAX}
                ]
            }
        )
    with transaction.atomic():
        steps = ProjectStep.objects.select_for_update().filter(project=project)
        if steps.count() >= MAX_STEPS:
            raise ValidationError({"text": [_("This checklist is full.")]})
        last = steps.aggregate(m=Max("position"))["m"] or 0
        return ProjectStep.objects.create(project=project, position=last + 1, text=text)


def tick_step(*, actor: Member, step: ProjectStep) -> ProjectStep:
    check_can_run(actor, step.project)
    if step.done_at is None:
        step.done_at = timezone.now()
        step.done_by = actor
        step.save(update_fields=["done_at", "done_by"])
    return step


def untick_step(*, actor: Member, step: ProjectStep) -> ProjectStep:
    check_can_run(actor, step.project)
    if step.done_at is not None:
        step.done_at = None
        step.done_by = None
        step.save(update_fields=["done_at", "done_by"])
    return step


def add_photo(*, actor: Member, project: Project, image, caption: str = "") -> ProjectPhoto:
    """`image` is an uploaded file already checked to be an image (the form's ImageField)."""
    check_can_run(actor, project)
    caption = (caption or "").strip()
    errors = Errors()
    if not image:
        errors.add("image", _("Choose a photo to add."))
    if len(caption) > CAPTION_MAX:
        errors["caption"] = [
            _("The caption is too long (%(max)d characters at most).") % {"max": CAPTION_MAX}
        ]
    errors.raise_if_any()
    with transaction.atomic():
        return ProjectPhoto.objects.create(
            project=project, image=image, caption=caption, added_by=actor
        )
