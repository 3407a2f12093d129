from rest_framework.permissions import BasePermission

from ..access import current_member


class IsNetworkMember(BasePermission):
    """Logged in, with an active member profile in this network (the same rule as the
    pages' `member_required`, from `exchange.access`): sets `request.member`."""

    def has_permission(self, request, view):
        member = current_member(request.user)
        if member is None:
            return False
        request.member = member
        return True
