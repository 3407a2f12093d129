import json

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exchange.access import member_required
from frontend.paging import paginate
from frontend.spreadsheet import csv_response

from .. import selectors
from ..exports import HEADER, member_data_rows
from ..forms import PreferencesForm
from ..models import Member
from ..services import matching, members


@member_required
def directory(request):
    return render(
        request, "exchange/directory.html", {"page": paginate(request, selectors.directory(), 50)}
    )


@member_required
def member_page(request, pk):
    member = get_object_or_404(
        Member.objects.select_related("user"), pk=pk, anonymised_at__isnull=True
    )
    if not (
        member.show_in_directory
        or member.pk == request.member.pk
        or member.sponsor_id == request.member.pk  # a sponsor sees the neighbour they help
        or request.member.is_animator
    ):
        return render(request, "exchange/member_private.html", status=404)
    return render(
        request,
        "exchange/member_page.html",
        {
            "member": member,
            "exchanges": selectors.exchanges_of(member),
            "posts": selectors.browse_posts().filter(author=member),
            "is_me": member.pk == request.member.pk,
        },
    )


@member_required
def my_profile(request):
    form = PreferencesForm(request.POST or None, instance=request.member)
    if request.method == "POST" and form.is_valid():
        members.update_preferences(
            actor=request.member,
            member=request.member,
            **{name: form.cleaned_data[name] for name in members.PREFERENCE_FIELDS},
        )
        messages.success(request, _("Your preferences are saved."))
        return redirect("exchange:my_profile")
    sponsored = request.member.sponsored.filter(anonymised_at__isnull=True).select_related("user")
    return render(
        request,
        "exchange/my_profile.html",
        {
            "form": form,
            "drafts": selectors.drafts_of(request.member),
            # Neighbours I accompany, with their drafts to confirm (they may have no internet).
            "sponsored": [(m, list(selectors.drafts_of(m))) for m in sponsored],
        },
    )


@member_required
def my_data(request, fmt):
    if fmt == "json":
        data = members.export_member_data(request.member)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        response["Content-Disposition"] = 'attachment; filename="mes-donnees.json"'
        return response
    return csv_response("mes-donnees.csv", member_data_rows(request.member), header=HEADER)


@require_POST
@member_required
def delete_my_account(request):
    if request.POST.get("confirm") != "oui":
        messages.error(request, _("Tick the box to confirm that you want to leave the network."))
        return redirect("exchange:my_profile")
    members.delete_account(actor=request.member, member=request.member)
    logout(request)
    return render(request, "exchange/account_deleted.html")


@member_required
def notification_list(request):
    page = paginate(request, selectors.notifications_of(request.member), 30)
    if request.method == "POST":
        matching.mark_read(member=request.member)
        return redirect("exchange:notifications")
    return render(request, "exchange/notifications.html", {"page": page})
