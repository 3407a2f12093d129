"""The sheets library: the network's starting material, curated by the Groupe d'Animation."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coopere.validation import Errors
from exchange.models import Member
from exchange.services._common import check_animator

from ..models import BODY_MAX, STEP_MAX, SUMMARY_MAX, TITLE_MAX, Sheet

MAX_STEPS = 30
# Paths under /projets/fiches/ that a sheet's slug must not take.
RESERVED_SLUGS = {"nouvelle"}


def steps_from_text(text: str | None) -> list[str]:
    """One step per line, blank lines dropped (how a sheet's steps are typed in a form)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _clean(*, kind, title, summary, body, steps) -> dict:
    errors = Errors()
    title = (title or "").strip()
    summary = (summary or "").strip()
    body = (body or "").strip()
    steps = [str(s).strip() for s in (steps or []) if str(s).strip()]
    if kind not in Sheet.Kind.values:
        errors.add("kind", _("Choose the kind of sheet."))
    if not title:
        errors.add("title", _("Give the sheet a title."))
    elif len(title) > TITLE_MAX:
        errors["title"] = [
            _("The title is too long (%(max)d characters at most).") % {"max": TITLE_MAX}
        ]
    if len(summary) > SUMMARY_MAX:
        errors["summary"] = [
            _("The summary is too long (%(max)d characters at most).") % {"max": SUMMARY_MAX}
        ]
    if len(body) > BODY_MAX:
        errors["body"] = [
            _("The text is too long (%(max)d characters at most).") % {"max": BODY_MAX}
        ]
    if len(steps) > MAX_STEPS:
        errors.add("steps", _("Keep to %(max)d steps at most.") % {"max": MAX_STEPS})
    elif any(len(s) > STEP_MAX for s in steps):
        errors["steps"] = [
            _("Each step fits on one line (%(max)d characters at most).") % {"max": STEP_MAX}
        ]
    errors.raise_if_any()
    return {"kind": kind, "title": title, "summary": summary, "body": body, "steps": steps}


def _unique_slug(title: str) -> str:
    base = slugify(title)[:50] or "fiche"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Sheet.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_sheet(
    *,
    actor: Member,
    kind: str,
    title: str,
    summary: str = "",
    body: str = "",
    steps: list[str] | None = None,
) -> Sheet:
    check_animator(actor)
    fields = _clean(kind=kind, title=title, summary=summary, body=body, steps=steps)
    with transaction.atomic():
        last = Sheet.objects.filter(kind=kind).aggregate(m=Max("position"))["m"] or 0
        return Sheet.objects.create(
            **fields,
            slug=_unique_slug(fields["title"]),
            position=last + 1,
            updated_by=actor,
        )


def update_sheet(
    *,
    actor: Member,
    sheet: Sheet,
    title: str,
    summary: str = "",
    body: str = "",
    steps: list[str] | None = None,
) -> Sheet:
    """Change a sheet's text and steps. Projects already started keep their own copy."""
    check_animator(actor)
    fields = _clean(kind=sheet.kind, title=title, summary=summary, body=body, steps=steps)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(sheet, name, value)
        sheet.updated_at = timezone.now()
        sheet.updated_by = actor
        sheet.save()
    return sheet
