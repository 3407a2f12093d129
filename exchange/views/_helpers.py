from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from coopere.accounts.client import client_ip

from ..models import Member


def member_required(view):
    """Logged in, with a member profile in this network: request.member is set."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        member = Member.objects.select_related("user", "sponsor").filter(user=request.user).first()
        if member is None or member.anonymised_at:
            raise PermissionDenied
        request.member = member
        return view(request, *args, **kwargs)

    return wrapper


def animator_required(view):
    @member_required
    @wraps(view)
    def group_only(request, *args, **kwargs):
        if not request.member.is_animator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # A Coop-ère support session may read some of the group's pages (support.access).
        from support.access import support_reader

        reader = support_reader(request)
        if reader is not None:
            request.member = reader
            return view(request, *args, **kwargs)
        return group_only(request, *args, **kwargs)

    return wrapper


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


def client_key(request) -> str:
    # The same client address as login throttling (behind the trusted proxies).
    return client_ip(request)


def perform(request, action, *, success: str) -> bool:
    """Run a service call behind a POST button: its refusal (ValidationError) becomes an
    error message, its success a confirmation. Returns whether it succeeded."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, success)
    return True
