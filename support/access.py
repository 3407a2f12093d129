"""What a support session may read of the Groupe d'Animation's pages.

Deliberate choice: a coach in support reads how the group organises itself and its
figures — the group's way (/groupe/parcours/), the task board, the load per member, the
Fête de la Coopération, the impact page, the support journal — and nothing else. Pages
about residents themselves (member list, registration, moderation, questionnaires,
welcome cards, member pages) stay between neighbours; and no page may write (see
support.middleware).
"""

from functools import wraps

from exchange.models import Member
from exchange.views._helpers import animator_required

# Animator pages (URL names) a support session may GET.
SUPPORT_READABLE = frozenset({"team:board", "team:load", "team:fetes", "team:fete", "impact:page"})
SAFE_METHODS = ("GET", "HEAD")


def support_reader(request) -> Member | None:
    """For a live support session reading one of SUPPORT_READABLE: a stand-in member
    (never saved, no id, not in any count) so the page renders; otherwise None."""
    info = getattr(request, "support_session", None)
    match = getattr(request, "resolver_match", None)
    if info is None or request.method not in SAFE_METHODS or match is None:
        return None
    if match.view_name not in SUPPORT_READABLE:
        return None
    return Member(user=request.user, display_name=info.coach, group_role="")


def group_or_support_required(view):
    """A Groupe d'Animation member (request.member set, as animator_required does), or a
    live support session (request.member is None). Others: login page or 403."""
    group_view = animator_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(request, "support_session", None) is not None:
            request.member = None
            return view(request, *args, **kwargs)
        return group_view(request, *args, **kwargs)

    return wrapper
