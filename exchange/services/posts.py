"""Offers, needs, loans and gifts. No price, ever (gratuité)."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coopere.validation import Errors

from ..models import TEXT_MAX, TITLE_MAX, Member, Post, Theme
from ._common import check_active, check_can_act_for

# Money talk in a post: an amount in euros, in figures or in words ("10 €", "dix euros",
# "10 eur"), slang ("5 balles", "vingt balles"), or a price tag ("prix : 5"). Group
# purchases are a separate feature. What must still pass: "Euro 2024" (no amount before
# it), "5 ballons", "une balle de tennis", "trois balles de jonglage".
_NUMBER_WORD = (
    r"(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze"
    r"|quinze|seize|vingts?|trente|quarante|cinquante|soixante|cents?|mille)"
)
_AMOUNT = rf"(?:\d+(?:[.,]\d+)?|\b{_NUMBER_WORD}(?:(?:\s+|-)(?:et(?:\s+|-))?{_NUMBER_WORD})*)"
# Balls that are balls: "balles de tennis", "balles en mousse", "balles rebondissantes".
_REAL_BALLS = (
    r"(?:de|d'|en)\s*(?:tennis|golf|ping|padel|squash|baseball|base-ball|jonglage|jongle"
    r"|foot|hand|badminton|p[ée]tanque|mousse|caoutchouc|plastique)|rebondissantes"
)
PRICE_RE = re.compile(
    rf"{_AMOUNT}\s*(?:€|eur\b|euros?\b|balles\b(?!\s*(?:{_REAL_BALLS})))"
    r"|€\s*\d"
    r"|\b(?:prix|tarif)\s*:?\s*\d",
    re.IGNORECASE,
)

ALLOWED_STATUS = {
    Post.Status.DRAFT: {Post.Status.OPEN, Post.Status.CLOSED},
    Post.Status.OPEN: {Post.Status.IN_PROGRESS, Post.Status.DONE, Post.Status.CLOSED},
    Post.Status.IN_PROGRESS: {Post.Status.OPEN, Post.Status.DONE, Post.Status.CLOSED},
    Post.Status.DONE: {Post.Status.CLOSED, Post.Status.OPEN},
    Post.Status.CLOSED: {Post.Status.OPEN},
}


_CHECKED_FIELDS = ("kind", "title", "theme", "description", "availability")


def _clean(*, kind, title, theme, description, availability, keep_theme=None) -> dict:
    errors = Errors()
    title = (title or "").strip()
    description = (description or "").strip()
    availability = (availability or "").strip()
    if kind not in Post.Kind.values:
        errors.add("kind", _("Choose what you post: an offer, a need, a loan or a gift."))
    if not title:
        errors.add("title", _("Give your post a title."))
    elif len(title) > TITLE_MAX:
        errors["title"] = [
            _("The title is too long (%(max)d characters at most).") % {"max": TITLE_MAX}
        ]
    if len(description) > TEXT_MAX:
        errors["description"] = [
            _("The description is too long (%(max)d characters at most).") % {"max": TEXT_MAX}
        ]
    if len(availability) > 200:
        errors.add("availability", _("Keep the availability short (200 characters at most)."))
    theme_obj = _resolve_theme(theme, keep_theme)
    if theme_obj is None:
        errors.add("theme", _("Unknown theme."))
    no_money = _(
        "No money between neighbours: exchanges are free (gratuité). To share real costs, "
        "start a group purchase."
    )
    for field, text in (("title", title), ("description", description)):
        if PRICE_RE.search(text):
            errors.add(field, no_money)
    if PRICE_RE.search(availability):
        errors.add("availability", no_money)
    errors.raise_if_any()
    return {
        "kind": kind,
        "title": title,
        "theme": theme_obj,
        "description": description,
        "availability": availability,
    }


def _resolve_theme(theme, keep_theme: Theme | None = None) -> Theme | None:
    if keep_theme is not None and theme == keep_theme:
        return theme
    if isinstance(theme, Theme):
        return None if theme.retired_at else theme
    try:
        return Theme.objects.get(pk=int(theme), retired_at__isnull=True)
    except (TypeError, ValueError, Theme.DoesNotExist):
        return None


def create_post(
    *,
    actor: Member,
    author: Member,
    kind: str,
    title: str,
    theme: Theme | int | str,
    description: str = "",
    availability: str = "",
    photo=None,
    publish: bool = True,
) -> Post:
    """Write a post for `author` (the actor themselves, or as their sponsor)."""
    acted_by = check_can_act_for(actor, author)
    check_active(author)
    fields = _clean(
        kind=kind, title=title, theme=theme, description=description, availability=availability
    )
    with transaction.atomic():
        post = Post.objects.create(
            **fields, author=author, acted_by=acted_by, status=Post.Status.DRAFT
        )
        if photo:
            post.photo = photo
            post.save(update_fields=["photo"])
        if publish:
            publish_post(actor=actor, post=post)
    return post


def _check_can_edit(actor: Member, post: Post) -> Member | None:
    if actor.is_animator and actor.pk != post.author_id:
        return None  # animators may correct or close any post
    return check_can_act_for(actor, post.author)


def update_post(*, actor: Member, post: Post, photo=None, **changes) -> Post:
    _check_can_edit(actor, post)
    current = {
        k: getattr(post, k) for k in ("kind", "title", "theme", "description", "availability")
    }
    # A post may keep a theme retired since it was written; it just cannot move to one.
    if changes.get("theme") in (post.theme, post.theme_id, str(post.theme_id)):
        changes["theme"] = post.theme
    fields = _clean(**{**current, **changes}, keep_theme=post.theme)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(post, name, value)
        if photo is not None:
            post.photo = photo
        post.save()
    return post


def publish_post(*, actor: Member, post: Post) -> Post:
    """Draft -> open, and neighbours whose offers or interests match are told."""
    _check_can_edit(actor, post)
    if post.status != Post.Status.DRAFT:
        return post
    # A draft made from questionnaire answers was never checked: same rules as any post
    # (no price; its theme may have been retired since).
    _clean(**{name: getattr(post, name) for name in _CHECKED_FIELDS})
    with transaction.atomic():
        post.status = Post.Status.OPEN
        post.published_at = timezone.now()
        post.save(update_fields=["status", "published_at", "updated_at"])
        from ..tasks import notify_matches

        transaction.on_commit(lambda: notify_matches.delay(post.pk))
    return post


def set_post_status(*, actor: Member, post: Post, status: str) -> Post:
    _check_can_edit(actor, post)
    if status == Post.Status.OPEN and post.published_at is None:
        # Never published (a draft, or a draft closed then reopened): publish it for real,
        # with its checks and its match notifications.
        post.status = Post.Status.DRAFT
        return publish_post(actor=actor, post=post)
    if status not in ALLOWED_STATUS.get(post.status, set()):
        raise ValidationError({"status": [_("This change of status is not possible.")]})
    post.status = status
    post.save(update_fields=["status", "updated_at"])
    return post


def check_visible(post: Post, viewer: Member) -> None:
    """Drafts are their author's (and sponsor's); hidden posts their author's and animators'."""
    mine = viewer.pk == post.author_id or post.author.sponsor_id == viewer.pk
    if post.status == Post.Status.DRAFT and not mine:
        raise PermissionDenied
    if post.is_hidden and not (mine or viewer.is_animator):
        raise PermissionDenied
