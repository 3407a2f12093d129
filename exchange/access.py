"""Who may do what inside a network: one module for the pages and the API.

- Residents: `member_required` (a member profile of this network, not anonymised) sets
  `request.member`; the API's `IsNetworkMember` asks the same `current_member`.
- The Groupe d'Animation: `animator_required` (an animateur, copilote or pilote). Who may
  give which role is a business rule: `exchange.services.members.check_group_role`.
- Acting for a neighbour: `acting_for` (a sponsor acts for the members they sponsor).
- A Coop-ère support session (`request.support_session`, set by `support.middleware`):
  * may GET the group's pages in SUPPORT_READABLE (the group's way, tasks, load, fêtes,
    impact page) as a stand-in member that is never saved and counts nowhere;
  * once a pilote of the network has agreed during this visit (the network's support
    journal), may also read the members' animation pages and change roles
    (SUPPORT_WITH_CONSENT), acting with that pilote's rank; the audit row names both;
  * nothing else: `support.middleware` refuses every other write.

This module depends on nothing of `support`: the middleware hands it `request.support_session`.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Member

SAFE_METHODS = ("GET", "HEAD")
# Group pages (URL names) a support session may read.
SUPPORT_READABLE = frozenset({"team:board", "team:load", "team:fetes", "team:fete", "impact:page"})
# Pages a support session may use, reading and writing, once a pilote has agreed.
SUPPORT_WITH_CONSENT = frozenset(
    {"exchange:animation_members", "exchange:animation_member", "exchange:member_role"}
)


def current_member(user) -> Member | None:
    """The user's active member profile in the current network, or None."""
    if not (user and user.is_authenticated):
        return None
    member = Member.objects.select_related("user", "sponsor").filter(user=user).first()
    if member is None or member.anonymised_at:
        return None
    return member


def member_required(view):
    """Logged in, with a member profile in this network: request.member is set."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        member = current_member(request.user)
        if member is None:
            raise PermissionDenied
        request.member = member
        return view(request, *args, **kwargs)

    return wrapper


def animator_required(view):
    """A member of the Groupe d'Animation; or a support session where SUPPORT_READABLE or
    a pilote's consent lets it in (see `support_actor`)."""

    @member_required
    @wraps(view)
    def group_only(request, *args, **kwargs):
        if not request.member.is_animator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        actor = support_actor(request)
        if actor is not None:
            request.member = actor
            return view(request, *args, **kwargs)
        return group_only(request, *args, **kwargs)

    return wrapper


def group_or_support_required(view):
    """A Groupe d'Animation member (request.member set, as animator_required does), or any
    live support session (request.member is None). Others: login page or 403."""
    group_view = animator_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(request, "support_session", None) is not None:
            request.member = None
            return view(request, *args, **kwargs)
        return group_view(request, *args, **kwargs)

    return wrapper


def support_actor(request) -> Member | None:
    """Who a live support session acts as on this page, or None (then it is refused):
    - a page of SUPPORT_READABLE, read: a stand-in member (never saved, no id);
    - a page of SUPPORT_WITH_CONSENT, after a pilote's consent in this visit: that pilote
      (so the ranking of roles applies), as long as they are still an active pilote."""
    info = getattr(request, "support_session", None)
    match = getattr(request, "resolver_match", None)
    if info is None or match is None:
        return None
    if match.view_name in SUPPORT_READABLE and request.method in SAFE_METHODS:
        return Member(user=request.user, display_name=info.coach, group_role="")
    if match.view_name in SUPPORT_WITH_CONSENT:
        return consenting_pilote(info)
    return None


def consenting_pilote(info) -> Member | None:
    """The pilote who let this support visit change roles, if still an active pilote."""
    if info is None or not getattr(info, "consent_member_id", None):
        return None
    return (
        Member.objects.select_related("user")
        .filter(
            pk=info.consent_member_id,
            group_role=Member.GroupRole.PILOTE,
            anonymised_at__isnull=True,
        )
        .first()
    )


def support_may_write(request) -> bool:
    """For support.middleware: may this support session POST to this page?"""
    match = getattr(request, "resolver_match", None)
    return (
        match is not None
        and match.view_name in SUPPORT_WITH_CONSENT
        and consenting_pilote(getattr(request, "support_session", None)) is not None
    )


def acting_for(request, member_id) -> Member:
    """The member the current user acts for: themselves, or someone they sponsor."""
    if not member_id or str(member_id) == str(request.member.pk):
        return request.member
    if not str(member_id).isdigit():
        raise Http404
    member = get_object_or_404(Member, pk=member_id)
    if member.sponsor_id != request.member.pk:
        raise Http404
    return member
