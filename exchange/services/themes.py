"""The themes catalogue, curated by the Groupe d'Animation."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Member, Theme
from ._common import check_animator, field_error


def _clean_name(name: str, *, exclude_pk=None) -> str:
    name = (name or "").strip()
    if not name:
        raise field_error("name", _("Give the theme a name."))
    if len(name) > 80:
        raise field_error("name", _("The name is too long (80 characters at most)."))
    if Theme.objects.filter(name__iexact=name).exclude(pk=exclude_pk).exists():
        raise field_error("name", _("A theme with this name already exists."))
    return name


def _clean_description(description: str | None) -> str:
    description = (description or "").strip()
    limit = Theme._meta.get_field("description").max_length
    if len(description) > limit:
        raise field_error(
            "description",
            _("The description is too long (%(max)d characters at most).") % {"max": limit},
        )
    return description


def add_theme(*, actor: Member, name: str, description: str = "") -> Theme:
    check_animator(actor)
    with transaction.atomic():
        name = _clean_name(name)
        description = _clean_description(description)
        last = Theme.objects.aggregate(m=Max("position"))["m"] or 0
        return Theme.objects.create(name=name, description=description, position=last + 1)


def rename_theme(
    *, actor: Member, theme: Theme, name: str, description: str | None = None
) -> Theme:
    check_animator(actor)
    with transaction.atomic():
        name = _clean_name(name, exclude_pk=theme.pk)
        if description is not None:
            theme.description = _clean_description(description)
        theme.name = name
        theme.save(update_fields=["name", "description"])
    return theme


def reorder_themes(*, actor: Member, theme_ids: list[int]) -> None:
    check_animator(actor)
    with transaction.atomic():
        themes = {t.pk: t for t in Theme.objects.select_for_update()}
        if len(theme_ids) != len(themes) or set(theme_ids) != set(themes):
            raise field_error("theme_ids", _("Give every theme exactly once."))
        for position, pk in enumerate(theme_ids, start=1):
            themes[pk].position = position
        Theme.objects.bulk_update(themes.values(), ["position"])


def retire_theme(*, actor: Member, theme: Theme) -> Theme:
    """Retired themes keep their posts and answers; they are just not offered any more."""
    check_animator(actor)
    theme.retired_at = theme.retired_at or timezone.now()
    theme.save(update_fields=["retired_at"])
    return theme


def restore_theme(*, actor: Member, theme: Theme) -> Theme:
    check_animator(actor)
    theme.retired_at = None
    theme.save(update_fields=["retired_at"])
    return theme
