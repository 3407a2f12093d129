"""A member's own data: preferences, sponsor, export, and leaving the network."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coopere.accounts.models import new_member_code

from ..models import Member, Message, Post
from ._common import check_animator, check_can_act_for, field_error

PREFERENCE_FIELDS = ("show_in_directory", "show_address", "share_contact", "notification_mode")


def update_preferences(*, actor: Member, member: Member, **changes) -> Member:
    check_can_act_for(actor, member)
    unknown = set(changes) - set(PREFERENCE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown setting."))
    if "notification_mode" in changes and changes["notification_mode"] not in Member.Digest.values:
        raise field_error("notification_mode", _("Choose how you want to be told."))
    for name, value in changes.items():
        setattr(member, name, value)
    member.save(update_fields=list(changes))
    return member


def set_sponsor(*, actor: Member, member: Member, sponsor: Member | None) -> Member:
    """An animator pairs a neighbour without internet with a sponsor (or ends it)."""
    check_animator(actor)
    if sponsor is not None:
        if sponsor.pk == member.pk:
            raise field_error("sponsor", _("A member cannot sponsor themselves."))
        if sponsor.is_accompanied or sponsor.anonymised_at:
            raise field_error("sponsor", _("This member cannot be a sponsor."))
        if member.sponsored.exists():
            raise field_error(
                "sponsor", _("A member who sponsors neighbours cannot be accompanied.")
            )
    member.sponsor = sponsor
    member.save(update_fields=["sponsor"])
    return member


def set_group_role(*, actor: Member, member: Member, role: str) -> Member:
    check_animator(actor)
    if role not in Member.GroupRole.values:
        raise field_error("group_role", _("Unknown role."))
    member.group_role = role
    member.save(update_fields=["group_role"])
    return member


def export_member_data(member: Member) -> dict:
    """Everything the network holds about this member, for their own download (RGPD)."""
    user = member.user
    return {
        "profile": {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "display_name": member.display_name,
            "email": user.email,
            "member_code": user.member_code,
            "phone": member.phone,
            "address": member.address,
            "household_size": member.household_size,
            "registered_at": member.registered_at.isoformat(),
            "show_in_directory": member.show_in_directory,
            "show_address": member.show_address,
            "share_contact": member.share_contact,
            "notification_mode": member.notification_mode,
            "sponsor": member.sponsor.display_name if member.sponsor else None,
        },
        "questionnaire": [
            {
                "theme": a.theme.name,
                "can_offer": a.can_offer,
                "would_need": a.would_need,
                "interested": a.interested,
                "note": a.note,
            }
            for a in member.answers.select_related("theme")
        ],
        "posts": [
            {
                "kind": p.kind,
                "title": p.title,
                "theme": p.theme.name,
                "description": p.description,
                "availability": p.availability,
                "status": p.status,
                "created_at": p.created_at.isoformat(),
            }
            for p in member.posts.select_related("theme")
        ],
        "messages": [
            {"post": m.connection.post.title, "body": m.body, "at": m.created_at.isoformat()}
            for m in Message.objects.filter(author=member).select_related("connection__post")
        ],
        "exchanges_given": [e.done_at.isoformat() for e in member.given.all()],
        "exchanges_received": [e.done_at.isoformat() for e in member.received.all()],
    }


def delete_account(*, actor: Member, member: Member) -> Member:
    """Leave the network: personal data is erased, posts stay as 'a former member' and
    close, exchanges stay counted (anonymously) for the network's impact."""
    check_can_act_for(actor, member)
    # Stored once, in the network's language: neighbours all read the same name.
    with translation.override(settings.LANGUAGE_CODE):
        former = _("Former member")
    photos = [p.photo.name for p in member.posts.exclude(photo="")]
    with transaction.atomic():
        user = member.user
        user.email = None
        user.first_name = former
        user.last_name = ""
        user.member_code = new_member_code()
        user.is_active = False
        user.set_unusable_password()
        user.save()
        member.display_name = former
        member.address = ""
        member.phone = ""
        member.show_in_directory = False
        member.show_address = False
        member.share_contact = False
        member.notification_mode = Member.Digest.NEVER
        member.anonymised_at = timezone.now()
        member.save()
        member.answers.all().delete()
        member.posts.exclude(status__in=[Post.Status.DONE, Post.Status.CLOSED]).update(
            status=Post.Status.CLOSED
        )
        member.posts.update(description="", availability="", photo="")
        member.sponsored.update(sponsor=None)
        member.activation_codes.all().delete()
        member.notifications.all().delete()
        # What they wrote to neighbours may hold personal details: the words go, the
        # thread stays readable for the other side.
        Message.objects.filter(author=member).update(body="")
    for name in photos:
        default_storage.delete(name)
    return member
