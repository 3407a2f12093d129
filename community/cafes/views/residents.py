"""What every member sees: upcoming cafés, RSVP, a café's page, its poster; and the
calendar feeds, public because calendar apps cannot log in."""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coopere.http import redirect_back
from exchange.access import acting_for, member_required
from exchange.models import Member
from tenants.hosts import network_url

from .. import ics, selectors, services
from ..models import Cafe


def _feed_urls(request) -> dict:
    url = request.build_absolute_uri(reverse("cafes:feed"))
    return {"feed_url": url, "webcal_url": "webcal://" + url.split("://", 1)[1]}


@member_required
def cafe_list(request):
    upcoming = list(selectors.upcoming_cafes(include_cancelled=True)[:24])
    return render(
        request,
        "cafes/list.html",
        {
            "upcoming": upcoming,
            "coming": selectors.rsvp_ids_of(request.member, upcoming),
            "past": selectors.past_cafes()[:12],
            **_feed_urls(request),
        },
    )


@member_required
def cafe_detail(request, pk):
    cafe = get_object_or_404(Cafe.objects.prefetch_related("hosts"), pk=pk)
    me = request.member
    sponsored = list(me.sponsored.filter(anonymised_at__isnull=True))
    answered = set(cafe.rsvps.values_list("member_id", flat=True))
    return render(
        request,
        "cafes/detail.html",
        {
            "cafe": cafe,
            "coming": me.pk in answered,
            "sponsored": [(m, m.pk in answered) for m in sponsored],
            "rsvp_count": len(answered),
            "rsvps": selectors.rsvps_of(cafe) if me.is_animator else [],
            "is_open": cafe.status == Cafe.Status.SCHEDULED and cafe.ends_at > timezone.now(),
            "started": cafe.starts_at <= timezone.now(),
            "newcomer_count": cafe.attendances.filter(is_newcomer=True).count(),
        },
    )


@require_POST
@member_required
def cafe_rsvp(request, pk):
    cafe = get_object_or_404(Cafe, pk=pk)
    pour = request.POST.get("pour", "")
    if pour and not pour.isdigit():
        raise Http404
    member = acting_for(request, pour)
    try:
        if request.POST.get("answer") == "non":
            services.cancel_rsvp(actor=request.member, cafe=cafe, member=member)
            messages.success(request, _("Noted: you are no longer expected."))
        else:
            services.rsvp(actor=request.member, cafe=cafe, member=member)
            messages.success(request, _("Noted: see you at the café!"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect_back(request, "cafes:detail", cafe.pk)


def _ics_response(body: bytes, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=900)
    return response


def feed(request):
    """The network's subscribable calendar: no login, no member data."""
    body = ics.calendar_for(selectors.feed_cafes(), network_name=request.tenant.name)
    return _ics_response(body, "cafes-rencontres.ics", private=False)


def cafe_ics(request, pk):
    """One café, to add to one's calendar. A logged-in member also gets the video link."""
    cafe = get_object_or_404(Cafe, pk=pk)
    private = (
        request.user.is_authenticated
        and Member.objects.filter(user=request.user, anonymised_at__isnull=True).exists()
    )
    body = ics.calendar_for([cafe], network_name=request.tenant.name, private=private)
    return _ics_response(body, f"cafe-{cafe.pk}.ics", private=private)


@member_required
def poster(request, pk):
    """A poster to print (A4, or A3 with ?format=A3) for halls, shops and notice boards."""
    cafe = get_object_or_404(Cafe, pk=pk)
    page_size = "A3" if request.GET.get("format", "").upper() == "A3" else "A4"
    home = network_url("/")
    return render(
        request,
        "cafes/poster.html",
        {
            "cafe": cafe,
            "page_size": page_size,
            "home_url": home,
            "qr": segno.make(home, error="m").svg_inline(scale=4, dark="#000", light="#fff"),
        },
    )
