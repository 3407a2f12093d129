"""Network side: entering through the signed link, ending, and the network's own journal."""

from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from coopere.http import perform
from exchange.access import animator_required, group_or_support_required
from exchange.models import Member
from frontend.paging import paginate
from tenants.hosts import site_url

from . import middleware, selectors, services
from .models import SupportSession

BACKEND = "coopere.accounts.backends.EmailOrMemberCodeBackend"


@require_GET
def enter(request):
    """Check the signed link, log the coach in as this network's support user."""
    try:
        visit, user = services.enter_support_session(token=request.GET.get("jeton", ""))
    except ValidationError as exc:
        return render(
            request,
            "support/refused.html",
            {"title": _("Support link refused"), "message": " ".join(exc.messages)},
            status=403,
        )
    if request.support_session is not None:  # a previous visit still open in this browser
        services.end_support_session(visit_id=request.support_session.visit_id)
    login(request, user, backend=BACKEND)
    middleware.start(request, visit)
    return redirect("group_phase:page")


@require_POST
def end(request):
    """“Terminer”: record the end in both logs, log out, point back to the console."""
    if request.support_session is None:
        return redirect("home")
    services.end_support_session(visit_id=request.support_session.visit_id)
    logout(request)
    return render(
        request, "support/ended.html", {"console_url": site_url(request) + "console/support/"}
    )


@require_safe
@group_or_support_required
def journal(request):
    """Who came in as support, when and why: this network's own rows only. A pilote lets
    a live visit change roles from here; the group can take it back."""
    page = paginate(request, selectors.network_journal(), 50)
    member = request.member
    return render(
        request,
        "support/journal.html",
        {
            "page": page,
            "live_visits": selectors.live_visits(),
            "member": member,
            "member_is_pilote": bool(member and member.group_role == Member.GroupRole.PILOTE),
        },
    )


@require_POST
@animator_required
def consent(request, pk):
    """A pilote lets a live support visit change roles."""
    get_object_or_404(SupportSession, pk=pk)  # this network's own visits only
    perform(
        request,
        lambda: services.consent_to_role_changes(visit_id=pk, pilote=request.member),
        success=_("The coach can now change roles in the Groupe d'Animation during this visit."),
    )
    return redirect("support_tenant:journal")


@require_POST
@animator_required
def withdraw(request, pk):
    """A member of the group takes the agreement back."""
    get_object_or_404(SupportSession, pk=pk)
    perform(
        request,
        lambda: services.withdraw_role_consent(visit_id=pk, member=request.member),
        success=_("Agreement taken back: the visit reads and changes nothing."),
    )
    return redirect("support_tenant:journal")
