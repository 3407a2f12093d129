from rest_framework.permissions import BasePermission

from ..models import Member


class IsNetworkMember(BasePermission):
    """Logged in, with an active member profile in this network (as `member_required`):
    sets `request.member`."""

    def has_permission(self, request, view):
        if not request.user.is_authenticated:
            return False
        member = Member.objects.select_related("user", "sponsor").filter(user=request.user).first()
        if member is None or member.anonymised_at:
            return False
        request.member = member
        return True
