"""The Groupe d'Animation's café pages: schedule, change, cancel, the at-the-café screen (made for
a phone held in one hand), newcomers registered on the spot, the report."""

from contextlib import suppress

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coopere.http import perform
from exchange.access import animator_required
from exchange.forms import RegistrationForm
from exchange.models import Member
from frontend.forms import copy_errors

from .. import selectors, services
from ..forms import CafeForm, HeadcountForm, ReportForm, SeriesForm
from ..models import Cafe


@animator_required
def cafe_create(request):
    form = CafeForm(request.POST or None, initial={"place_name": request.tenant.meeting_place})
    if request.method == "POST" and form.is_valid():
        try:
            cafe = services.schedule_cafe(actor=request.member, **form.service_data())
        except ValidationError as exc:
            form.show_errors(exc)
        else:
            messages.success(request, _("The café is scheduled."))
            return redirect("cafes:detail", pk=cafe.pk)
    return render(
        request, "cafes/form.html", {"form": form, "title": _("Schedule a café-rencontre")}
    )


@animator_required
def series_create(request):
    form = SeriesForm(request.POST or None, initial={"place_name": request.tenant.meeting_place})
    if request.method == "POST" and form.is_valid():
        try:
            series = services.schedule_monthly_series(actor=request.member, **form.service_data())
        except ValidationError as exc:
            form.show_errors(exc)
        else:
            n = series.cafes.count()
            messages.success(
                request,
                ngettext("%(n)d café is scheduled.", "%(n)d cafés are scheduled.", n) % {"n": n},
            )
            return redirect("cafes:list")
    return render(request, "cafes/form.html", {"form": form, "title": _("Schedule a monthly café")})


@animator_required
def cafe_edit(request, pk):
    """Change the time, place or video link; the people who answered are told."""
    cafe = get_object_or_404(Cafe, pk=pk)
    local = timezone.localtime(cafe.starts_at)
    form = CafeForm(
        request.POST or None,
        initial={
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": cafe.duration_minutes,
            "place_name": cafe.place_name,
            "place_address": cafe.place_address,
            "video_url": cafe.video_url,
            "description": cafe.description,
            "hosts": list(cafe.hosts.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = services.edit_cafe(actor=request.member, cafe=cafe, **form.service_data())
        except ValidationError as exc:
            form.show_errors(exc)
        else:
            if change is None:
                messages.success(request, _("The café is saved. Nobody needed to be told."))
            else:
                n = change.notices.count()
                messages.success(
                    request,
                    ngettext(
                        "The café is changed: %(n)d person is told.",
                        "The café is changed: %(n)d people are told.",
                        n,
                    )
                    % {"n": n},
                )
            return redirect("cafes:detail", pk=cafe.pk)
    return render(
        request,
        "cafes/form.html",
        {
            "form": form,
            "cafe": cafe,
            "title": _("Change the café-rencontre"),
            "submit": _("Save the changes"),
        },
    )


@require_POST
@animator_required
def cafe_cancel(request, pk):
    cafe = get_object_or_404(Cafe, pk=pk)
    perform(
        request,
        lambda: services.cancel_cafe(actor=request.member, cafe=cafe),
        success=_("The café is cancelled. Calendars will show it."),
    )
    return redirect("cafes:detail", pk=cafe.pk)


def _adjusted(data: dict, adjust: str | None) -> dict:
    """The +/- buttons: 'members:1' or 'non_members:-1' moves that count by one."""
    field, _sep, delta = (adjust or "").partition(":")
    if field in data and delta in ("1", "-1"):
        # Not a number: left as typed, and the service says so.
        with suppress(ValueError):
            data[field] = int(data[field]) + int(delta)
    return data


@animator_required
def at_cafe(request, pk):
    cafe = get_object_or_404(Cafe, pk=pk)
    form = HeadcountForm(
        request.POST or None,
        initial={"members": cafe.headcount_members, "non_members": cafe.headcount_non_members},
    )
    if request.method == "POST" and form.is_valid():
        data = _adjusted(dict(form.cleaned_data), request.POST.get("adjust"))
        try:
            services.record_headcount(actor=request.member, cafe=cafe, **data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            return redirect(reverse("cafes:at_cafe", args=[cafe.pk]) + "#compter")
    return render(
        request,
        "cafes/at_cafe.html",
        {
            "cafe": cafe,
            "form": form,
            "sheet": selectors.attendance_sheet(cafe),
            "not_yet": timezone.localdate(cafe.starts_at) > timezone.localdate(),
        },
    )


@require_POST
@animator_required
def attendance(request, pk):
    cafe = get_object_or_404(Cafe, pk=pk)
    member_id = request.POST.get("member", "")
    if not member_id.isdigit():
        raise Http404
    member = get_object_or_404(Member, pk=member_id)
    try:
        services.mark_attendance(
            actor=request.member,
            cafe=cafe,
            member=member,
            present=request.POST.get("present") == "1",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("cafes:at_cafe", args=[cafe.pk]) + f"#m-{member.pk}")


@animator_required
def newcomer(request, pk):
    """The in-person registration, from the café: then straight to the themes."""
    cafe = get_object_or_404(Cafe, pk=pk)
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.register_newcomer_at_cafe(
                actor=request.member, cafe=cafe, **form.cleaned_data
            )
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is registered. Now let's go through the themes together.")
                % {"name": member.display_name},
            )
            return redirect("exchange:questionnaire", pk=member.pk)
    return render(request, "cafes/newcomer.html", {"cafe": cafe, "form": form})


@animator_required
def report(request, pk):
    cafe = get_object_or_404(Cafe, pk=pk)
    form = ReportForm(request.POST or None, initial={"text": cafe.report})
    if request.method == "POST" and form.is_valid():
        try:
            services.write_report(actor=request.member, cafe=cafe, **form.cleaned_data)
        except ValidationError as exc:
            copy_errors(form, exc)
        else:
            messages.success(request, _("Report saved. Thank you!"))
            return redirect("cafes:detail", pk=cafe.pk)
    return render(
        request,
        "cafes/report.html",
        {
            "cafe": cafe,
            "form": form,
            "newcomer_count": cafe.attendances.filter(is_newcomer=True).count(),
        },
    )
