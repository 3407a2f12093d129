"""A member's own data: preferences, sponsor, export, and leaving the network."""

import re

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coopere.accounts.models import new_member_code

from .. import exports, personal_data
from ..models import Connection, Member, MemberRoleChange, Notification, Post
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


def set_group_role(*, actor: Member, member: Member, role: str, by_staff: str = "") -> Member:
    """Give or take a Groupe d'Animation role, with an audit row. `by_staff` names the
    Coop-ère coach who made the change in a support visit the pilote `actor` agreed to."""
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
            member=member,
            kind=MemberRoleChange.Kind.ROLE,
            old_role=old,
            new_role=role,
            by=actor,
            by_staff=by_staff[:150],
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
    """Everything the network holds about this member, for their own download (RGPD):
    every table of the registry (`exchange.personal_data`)."""
    return exports.member_data(member)


def delete_account(*, actor: Member, member: Member) -> Member:
    """Leave the network: personal data is erased as the registry (`exchange.personal_data`)
    says, table by table: own rows deleted or their free texts and files blanked. Posts stay
    as a former member's, closed and emptied (neighbours' threads hang on them); exchanges,
    attendance and closed orders stay counted, anonymously, for the network's impact."""
    check_can_act_for(actor, member)
    # Stored once, in the network's language: neighbours all read the same words.
    with translation.override(settings.LANGUAGE_CODE):
        former = _("Former member")
        withdrawn = _("Withdrawn post")
    files = []
    sponsor = member.sponsor
    old_name = member.display_name
    placeholders = {personal_data.FORMER: former, personal_data.WITHDRAWN: withdrawn}
    with transaction.atomic():
        user = member.user
        for name, value in personal_data.USER_ERASE.items():
            setattr(user, name, placeholders.get(value, value))
        user.member_code = new_member_code()  # unguessable: nobody logs in with it
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        for name, value in personal_data.MEMBER_ERASE.items():
            setattr(member, name, placeholders.get(value, value))
        member.anonymised_at = timezone.now()
        member.save()
        member.sponsored.update(sponsor=None)
        member.posts.exclude(status__in=[Post.Status.DONE, Post.Status.CLOSED]).update(
            status=Post.Status.CLOSED
        )
        _erase_quotes(member, name=old_name, former=former, sponsor=sponsor)
        # Neighbours who answered their posts no longer see a contact they had shared.
        Connection.objects.filter(post__author=member).update(author_shares_contact=False)
        for entry in personal_data.TABLES:
            files += _erase(entry, member, placeholders=placeholders)
        _end_sessions(user)
    for name in files:
        default_storage.delete(name)
    return member


def _erase(entry, member: Member, *, placeholders: dict) -> list[str]:
    """Apply one registry entry to the member's own rows; the names of files to remove."""
    model = entry.model_class
    for lookup in entry.owners:
        model_field = model._meta.get_field(lookup.split("__")[0])
        if model_field.many_to_many:  # leave the relation (e.g. a café's host team)
            through = model_field.remote_field.through
            through.objects.filter(**{model_field.m2m_reverse_field_name(): member.pk}).delete()
    fk_owners = [
        o for o in entry.owners if not model._meta.get_field(o.split("__")[0]).many_to_many
    ]
    if not fk_owners:
        return []
    own = list(personal_data.rows_of_owner(entry, member, fk_owners).values_list("pk", flat=True))
    rows = model.objects.filter(pk__in=own)
    files = [
        name
        for file_field in entry.files
        for name in rows.exclude(**{file_field: ""}).values_list(file_field, flat=True)
    ]
    if entry.delete is not None:
        rows.filter(entry.delete).delete()
    if entry.blank:
        changes = {
            f: placeholders.get(v, v) if isinstance(v, str) else v for f, v in entry.blank.items()
        }
        rows.update(**changes)
    for name in entry.unlink:
        model.objects.filter(**{name: member}).update(**{name: None})
    return files


def _erase_quotes(member: Member, *, name: str, former: str, sponsor: Member | None) -> None:
    """Neighbours' notifications quote the member: their name, their post's title, their
    thanks, a moderation note they wrote. Those notices keep only what they were about (the
    kind, in the network's language); a sponsor's café notices name the neighbours they
    accompany, where the member becomes "former"."""
    quoting = personal_data.quoting_notifications(member)
    with translation.override(settings.LANGUAGE_CODE):
        for kind, label in Notification.Kind.choices:
            quoting.filter(kind=kind).update(text=str(label))
    if sponsor is None:
        return
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    # By label: exchange never imports community (community builds on exchange).
    cafe_notice = apps.get_model("cafes", "CafeChangeNotice")
    for model, fields in ((cafe_notice, ("text", "neighbours")), (Notification, ("text",))):
        rows = model.objects.filter(member=sponsor)
        condition = Q(pk__in=[])
        for field_name in fields:
            condition |= Q(**{f"{field_name}__contains": name})
        for row in rows.filter(condition):
            for field_name in fields:
                setattr(row, field_name, pattern.sub(former, getattr(row, field_name)))
            row.save(update_fields=list(fields))


def _end_sessions(user) -> None:
    """Log the account out everywhere (sessions hold the user id in their signed data)."""
    for session in Session.objects.filter(expire_date__gt=timezone.now()):
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
