"""One member, seen by the Groupe d'Animation: their role in the group, their sponsor, and
the history of both. Every change goes through a confirmation page (no JavaScript needed)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exchange.access import animator_required

from ..models import Member
from ..services import members


def _member(pk) -> Member:
    return get_object_or_404(
        Member.objects.select_related("user", "sponsor"), pk=pk, anonymised_at__isnull=True
    )


def _support_coach(request) -> str:
    """The coach's name when a support visit changes a role (with a pilote's consent)."""
    info = getattr(request, "support_session", None)
    return info.coach if info is not None else ""


def _back(member: Member):
    return redirect("exchange:animation_member", pk=member.pk)


@animator_required
def member_detail(request, pk):
    member = _member(pk)
    me = request.member
    may_give = members.roles_actor_may_give(me) if me.pk else []
    return render(
        request,
        "exchange/animation/member.html",
        {
            "member": member,
            "can_give_roles": bool(may_give),
            "role_choices": [
                (value, label)
                for value, label in Member.GroupRole.choices
                if value in may_give and value != member.group_role
            ],
            "sponsor_choices": members.sponsor_candidates(member).only("display_name"),
            "sponsored": list(member.sponsored.filter(anonymised_at__isnull=True)),
            "history": member.role_changes.select_related("by", "old_sponsor", "new_sponsor")[:20],
        },
    )


def _refused(request, member, exc: ValidationError):
    messages.error(request, " ".join(exc.messages))
    return _back(member)


def _confirm_then_change(request, member: Member, *, check, change, confirmation, done):
    """Ask for confirmation, then change; the rules (`check`) are checked before either.
    `confirmation` gives the confirmation page's words, `done` the message once changed
    (both called only when needed, after the check)."""
    confirmed = request.POST.get("confirm") == "oui"
    try:
        check()
        if confirmed:
            change()
    except ValidationError as exc:
        return _refused(request, member, exc)
    if not confirmed:
        return render(
            request,
            "exchange/animation/confirm_change.html",
            {"member": member, **confirmation()},
        )
    messages.success(request, done())
    return _back(member)


def change_role(request, member: Member, role: str):
    return _confirm_then_change(
        request,
        member,
        check=lambda: members.check_group_role(actor=request.member, member=member, role=role),
        change=lambda: members.set_group_role(
            actor=request.member, member=member, role=role, by_staff=_support_coach(request)
        ),
        confirmation=lambda: {
            "action": "exchange:member_role",
            "field": "group_role",
            "value": role,
            "what": _("Role in the Groupe d'Animation"),
            "before": member.get_group_role_display(),
            "after": Member.GroupRole(role).label,
        },
        done=lambda: (
            _("%(name)s: the role is now %(role)s.")
            % {"name": member.display_name, "role": member.get_group_role_display()}
        ),
    )


def change_sponsor(request, member: Member, sponsor_id: str):
    sponsor = None
    if sponsor_id:
        sponsor = Member.objects.filter(pk=sponsor_id if sponsor_id.isdigit() else None).first()
        if sponsor is None:
            return _refused(
                request,
                member,
                ValidationError({"sponsor": [_("Choose a sponsor from the list.")]}),
            )
    return _confirm_then_change(
        request,
        member,
        check=lambda: members.check_sponsor(actor=request.member, member=member, sponsor=sponsor),
        change=lambda: members.set_sponsor(actor=request.member, member=member, sponsor=sponsor),
        confirmation=lambda: {
            "action": "exchange:member_sponsor",
            "field": "sponsor",
            "value": sponsor.pk if sponsor else "",
            "what": _("Sponsor"),
            "before": member.sponsor.display_name if member.sponsor else _("no sponsor"),
            "after": sponsor.display_name if sponsor else _("no sponsor"),
        },
        done=lambda: _("The sponsor pairing is saved."),
    )


@require_POST
@animator_required
def member_role(request, pk):
    return change_role(request, _member(pk), request.POST.get("group_role", ""))


@require_POST
@animator_required
def member_sponsor(request, pk):
    return change_sponsor(request, _member(pk), request.POST.get("sponsor", ""))
