"""Support sessions on a network's host: time limit, read-only, and `request.support_session`.

What a support session may do (deliberate, tested in tests/support/):
- read: the group's view (/groupe/parcours/), the support journal, and the Groupe
  d'Animation's pages in read-only (`exchange.access` says which);
- write: nothing, unless a pilote of the network agreed during this visit, and then only
  roles in the Groupe d'Animation (`exchange.access.SUPPORT_WITH_CONSENT`). Every other
  POST/PUT/PATCH/DELETE is refused with a French 403 page, except ending the session
  ("Terminer") and logging out.

A logged-in operator-kind user without a live support session in a network is logged out:
the signed link is the only way for Coop-ère staff into a network.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth import logout
from django.db import connection
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from coopere.accounts.models import User
from exchange import access

from . import services
from .models import SupportSession

SESSION_KEY = "_coopere_support"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# The only writes a support session may make.
ALLOWED_WRITES = frozenset({"support_tenant:end", "accounts:logout"})
EXPIRY_GRACE = timedelta(hours=1)


@dataclass(frozen=True)
class SupportInfo:
    visit_id: int
    coach: str
    until: datetime
    # The pilote who let this visit change roles (read afresh on every request).
    consent_member_id: int | None = None


def start(request, visit: SupportSession) -> None:
    """Mark the (just logged-in) session as a support session, until the visit's end."""
    request.session[SESSION_KEY] = {
        "visit": visit.pk,
        "user": visit.support_user_id,
        "coach": visit.coach_name,
        "until": visit.ends_at.isoformat(),
    }
    # The session row outlives the limit a little, so that the next request still finds
    # it and records "time limit reached" in both logs; past that, it is simply gone.
    request.session.set_expiry(visit.ends_at + EXPIRY_GRACE)
    request.support_session = _info(request.session[SESSION_KEY])


def _info(data) -> SupportInfo | None:
    try:
        return SupportInfo(
            int(data["visit"]), str(data["coach"]), datetime.fromisoformat(data["until"])
        )
    except (KeyError, TypeError, ValueError):
        return None


class SupportSessionMiddleware:
    """After MessageMiddleware: ends support sessions past their time, refuses their writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.support_session = None
        if connection.schema_name == get_public_schema_name():
            return self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            data = request.session.get(SESSION_KEY)
            info = _info(data) if data and data.get("user") == user.pk else None
            if info is None:
                if user.kind == User.Kind.OPERATOR:
                    # Staff in a network without a support session: no other way in.
                    logout(request)
            elif timezone.now() >= info.until:
                services.end_support_session(
                    visit_id=info.visit_id, cause=SupportSession.EndCause.EXPIRED
                )
                logout(request)
                messages.info(request, _("Your support session has ended: its time was up."))
                return redirect("home")
            else:
                consent = (
                    SupportSession.objects.filter(pk=info.visit_id, ended_at__isnull=True)
                    .values_list("roles_consent_member_id", flat=True)
                    .first()
                )
                request.support_session = replace(info, consent_member_id=consent)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.support_session is None or request.method in SAFE_METHODS:
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in ALLOWED_WRITES:
            return None
        if access.support_may_write(request):
            return None
        return render(
            request,
            "support/refused.html",
            {
                "title": _("Read-only support session"),
                "message": _(
                    "A support session can read the network's pages but change nothing. "
                    "Ask the Groupe d'Animation to make this change, or a pilote to let "
                    "this visit change roles (support journal)."
                ),
            },
            status=403,
        )
