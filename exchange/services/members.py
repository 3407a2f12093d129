"""A member's own data: preferences, sponsor, export, and leaving the network."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coopere.accounts.models import new_member_code

from ..models import Member, MemberRoleChange, Message, Post
from ._common import check_active, check_can_act_for, field_error

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


# --- Groupe d'Animation: ranked roles, sponsor pairing, audited ----------------------

RANKED_ROLES = (Member.GroupRole.PILOTE, Member.GroupRole.COPILOTE)


def can_give_roles(actor: Member) -> bool:
    return actor.group_role in RANKED_ROLES


def roles_actor_may_give(actor: Member) -> list[str]:
    """The roles `actor` may give or take away (the page offers only these)."""
    if actor.group_role == Member.GroupRole.PILOTE:
        return list(Member.GroupRole.values)
    if actor.group_role == Member.GroupRole.COPILOTE:
        return [Member.GroupRole.NONE, Member.GroupRole.ANIMATEUR]
    return []


def check_group_role(*, actor: Member, member: Member, role: str) -> None:
    """Every rule of a role change, without writing: the confirmation page asks this first.
    Only a pilote names or removes a pilote or copilote; a copilote names or removes
    animateurs; an animateur gives no roles; the last pilote stays until another is named."""
    if not can_give_roles(actor):
        raise PermissionDenied(_("Only a pilote or a copilote gives roles in the group."))
    check_active(member)
    if role not in Member.GroupRole.values:
        raise field_error("group_role", _("Unknown role."))
    if role == member.group_role:
        raise field_error(
            "group_role",
            _("%(name)s already has this role.") % {"name": member.display_name},
        )
    touches_rank = role in RANKED_ROLES or member.group_role in RANKED_ROLES
    if touches_rank and actor.group_role != Member.GroupRole.PILOTE:
        raise PermissionDenied(_("Only a pilote names or removes a pilote or a copilote."))
    if member.group_role == Member.GroupRole.PILOTE and not _other_pilotes(member).exists():
        raise field_error(
            "group_role",
            _(
                "%(name)s is the network's last pilote: name another pilote first, "
                "then change this role."
            )
            % {"name": member.display_name},
        )


def _other_pilotes(member: Member):
    return Member.objects.filter(
        group_role=Member.GroupRole.PILOTE, anonymised_at__isnull=True
    ).exclude(pk=member.pk)


def set_group_role(*, actor: Member, member: Member, role: str) -> Member:
    """Give or take a Groupe d'Animation role, with an audit row."""
    check_group_role(actor=actor, member=member, role=role)
    with transaction.atomic():
        # Two pilotes stepping down at once must not leave the network without one.
        list(Member.objects.select_for_update().filter(group_role=Member.GroupRole.PILOTE))
        member.refresh_from_db(fields=["group_role"])
        actor.refresh_from_db(fields=["group_role"])
        check_group_role(actor=actor, member=member, role=role)
        old = member.group_role
        member.group_role = role
        member.save(update_fields=["group_role"])
        MemberRoleChange.objects.create(
            member=member, kind=MemberRoleChange.Kind.ROLE, old_role=old, new_role=role, by=actor
        )
    return member


def appoint_first_pilote(*, member: Member, staff_name: str) -> Member:
    """A Coop-ère coach names a pilote from the console, before any group exists: the
    network's bootstrap, outside the ranking, audited under the coach's name."""
    check_active(member)
    if member.group_role == Member.GroupRole.PILOTE:
        return member
    with transaction.atomic():
        old = member.group_role
        member.group_role = Member.GroupRole.PILOTE
        member.save(update_fields=["group_role"])
        MemberRoleChange.objects.create(
            member=member,
            kind=MemberRoleChange.Kind.ROLE,
            old_role=old,
            new_role=member.group_role,
            by_staff=staff_name[:150],
        )
    return member


def sponsor_candidates(member: Member):
    """Who may sponsor `member`: active members, not accompanied themselves."""
    return Member.objects.filter(anonymised_at__isnull=True, sponsor__isnull=True).exclude(
        pk=member.pk
    )


def check_sponsor(*, actor: Member, member: Member, sponsor: Member | None) -> None:
    if not can_give_roles(actor):
        raise PermissionDenied(_("Only a pilote or a copilote pairs a sponsor."))
    check_active(member)
    if sponsor is not None:
        if sponsor.pk == member.pk:
            raise field_error("sponsor", _("A member cannot sponsor themselves."))
        if sponsor.is_accompanied or sponsor.anonymised_at:
            raise field_error("sponsor", _("This member cannot be a sponsor."))
        if member.sponsored.exists():
            raise field_error(
                "sponsor", _("A member who sponsors neighbours cannot be accompanied.")
            )
    if (sponsor.pk if sponsor else None) == member.sponsor_id:
        raise field_error(
            "sponsor",
            _("Nothing changes: this is already %(name)s's sponsor.")
            % {"name": member.display_name}
            if sponsor
            else _("%(name)s has no sponsor.") % {"name": member.display_name},
        )


def set_sponsor(*, actor: Member, member: Member, sponsor: Member | None) -> Member:
    """Pair a neighbour without internet with a sponsor (or end it), with an audit row."""
    check_sponsor(actor=actor, member=member, sponsor=sponsor)
    with transaction.atomic():
        old = member.sponsor
        member.sponsor = sponsor
        member.save(update_fields=["sponsor"])
        MemberRoleChange.objects.create(
            member=member,
            kind=MemberRoleChange.Kind.SPONSOR,
            old_sponsor=old,
            new_sponsor=sponsor,
            by=actor,
        )
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
