"""Scheduling cafés-rencontres: one café, or a monthly series made ahead; changing one;
cancelling (the people who answered are told: `changes`).

Only the Groupe d'Animation schedules. Each action checks all its input first, then writes
in one transaction.
"""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from coopere.validation import Errors
from exchange.models import Member
from exchange.services._common import check_animator

from ..models import DESCRIPTION_MAX, Cafe, CafeChange, CafeSeries
from ..recurrence import monthly_starts
from . import changes

MIN_DURATION, MAX_DURATION = 15, 8 * 60
MAX_SERIES = 12
# A typo in the year (20226) must not schedule a café nobody will ever see.
MAX_AHEAD = timedelta(days=2 * 366)


def _clean_details(errors: Errors, **data) -> dict:
    """What a single café and a series share: duration, place or video link, hosts."""
    place_name = (data["place_name"] or "").strip()
    place_address = (data["place_address"] or "").strip()
    video_url = (data["video_url"] or "").strip()
    description = (data["description"] or "").strip()
    hosts = list(data["hosts"] or [])
    try:
        duration = int(data["duration_minutes"])
        if not MIN_DURATION <= duration <= MAX_DURATION:
            raise ValueError
    except (TypeError, ValueError):
        duration = 0
        errors.add("duration_minutes", _("The duration must be between 15 minutes and 8 hours."))
    if len(place_name) > 120:
        errors.add("place_name", _("The place name is too long (120 characters at most)."))
    elif not place_name and not video_url:
        errors["place_name"] = [
            _("Give a place (with its address) or, for an online café, a video call link.")
        ]
    if len(place_address) > 200:
        errors.add("place_address", _("The address is too long (200 characters at most)."))
    if video_url:
        try:
            URLValidator(schemes=["http", "https"])(video_url)
            if len(video_url) > 300:
                raise ValidationError("too long")
        except ValidationError:
            errors["video_url"] = [
                _("This video call link does not look right (it starts with https://).")
            ]
    if len(description) > DESCRIPTION_MAX:
        errors.add("description", _("The description is too long (2000 characters at most)."))
    if any(not h.is_animator or h.anonymised_at for h in hosts):
        errors.add("hosts", _("Hosts must be members of the Groupe d'Animation."))
    return {
        "duration_minutes": duration,
        "place_name": place_name,
        "place_address": place_address,
        "video_url": video_url,
        "description": description,
        "hosts": hosts,
    }


def _clean_start(starts_at, errors: Errors):
    if not isinstance(starts_at, datetime):
        errors.add("starts_at", _("Give the date and time of the café."))
        return None
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    now = timezone.now()
    if starts_at <= now:
        errors.add("starts_at", _("A café cannot be scheduled in the past."))
    elif starts_at > now + MAX_AHEAD:
        errors.add("starts_at", _("A café can be scheduled at most two years ahead."))
    return starts_at


def _clean_cafe(starts_at, **data) -> tuple[datetime, dict]:
    """One café's start and details (scheduling or editing it); every error at once."""
    errors = Errors()
    starts_at = _clean_start(starts_at, errors)
    details = _clean_details(errors, **data)
    errors.raise_if_any()
    return starts_at, details


def _create(*, actor: Member, starts_at, details: dict, series=None) -> Cafe:
    fields = {k: v for k, v in details.items() if k != "hosts"}
    cafe = Cafe.objects.create(starts_at=starts_at, series=series, created_by=actor, **fields)
    # The animator who schedules hosts by default: a café always has someone to open it.
    cafe.hosts.set(details["hosts"] or [actor])
    return cafe


def schedule_cafe(
    *,
    actor: Member,
    starts_at: datetime | None,
    duration_minutes: int | str = 120,
    place_name: str = "",
    place_address: str = "",
    video_url: str = "",
    description: str = "",
    hosts: list[Member] | None = None,
) -> Cafe:
    check_animator(actor)
    starts_at, details = _clean_cafe(
        starts_at,
        duration_minutes=duration_minutes,
        place_name=place_name,
        place_address=place_address,
        video_url=video_url,
        description=description,
        hosts=hosts,
    )
    with transaction.atomic():
        return _create(actor=actor, starts_at=starts_at, details=details)


def schedule_monthly_series(
    *,
    actor: Member,
    weekday: int | str,
    week_of_month: int | str,
    start_time: time | None,
    count: int | str = 6,
    duration_minutes: int | str = 120,
    place_name: str = "",
    place_address: str = "",
    video_url: str = "",
    description: str = "",
    hosts: list[Member] | None = None,
) -> CafeSeries:
    """A monthly rule and its next `count` cafés (from this month on, future ones only)."""
    check_animator(actor)
    errors = Errors()
    try:
        weekday = int(weekday)
        if not 0 <= weekday <= 6:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("weekday", _("Choose a day of the week."))
    try:
        week_of_month = int(week_of_month)
        if week_of_month not in CafeSeries.Week.values:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("week_of_month", _("Choose which week of the month."))
    if not isinstance(start_time, time):
        errors.add("start_time", _("Give the time of the cafés."))
    try:
        count = int(count)
        if not 1 <= count <= MAX_SERIES:
            raise ValueError
    except (TypeError, ValueError):
        errors.add("count", _("Schedule between 1 and 12 cafés at a time."))
    details = _clean_details(
        errors,
        duration_minutes=duration_minutes,
        place_name=place_name,
        place_address=place_address,
        video_url=video_url,
        description=description,
        hosts=hosts,
    )
    errors.raise_if_any()
    starts = monthly_starts(
        weekday=weekday, week=week_of_month, at=start_time, count=count, after=timezone.now()
    )
    with transaction.atomic():
        series = CafeSeries.objects.create(
            weekday=weekday,
            week_of_month=week_of_month,
            start_time=start_time,
            created_by=actor,
            **{k: v for k, v in details.items() if k != "hosts"},
        )
        for starts_at in starts:
            _create(actor=actor, starts_at=starts_at, details=details, series=series)
    return series


def cancel_cafe(*, actor: Member, cafe: Cafe) -> Cafe:
    """Cancel a café; if it is still to come, the people who answered are told."""
    check_animator(actor)
    if cafe.status == Cafe.Status.HELD:
        raise ValidationError(_("This café took place: it cannot be cancelled."))
    if cafe.status == Cafe.Status.CANCELLED:
        raise ValidationError(_("This café is already cancelled."))
    with transaction.atomic():
        locked = Cafe.objects.select_for_update().get(pk=cafe.pk)
        if locked.status == Cafe.Status.CANCELLED:  # a second click, or another animator
            raise ValidationError(_("This café is already cancelled."))
        Cafe.objects.filter(pk=cafe.pk).update(
            status=Cafe.Status.CANCELLED, sequence=F("sequence") + 1, updated_at=timezone.now()
        )
        if locked.ends_at > timezone.now():
            changes.record_change(
                cafe=locked,
                kind=CafeChange.Kind.CANCELLED,
                before=changes.snapshot(locked),
                actor=actor,
            )
    cafe.refresh_from_db()
    return cafe


def edit_cafe(
    *,
    actor: Member,
    cafe: Cafe,
    starts_at: datetime | None,
    duration_minutes: int | str = 120,
    place_name: str = "",
    place_address: str = "",
    video_url: str = "",
    description: str = "",
    hosts: list[Member] | None = None,
) -> CafeChange | None:
    """Change a café still to come. If its time, place or video link changed, the people
    who answered are told (in-app now, by email after the commit) and the change is
    returned; otherwise nobody is told and None is returned."""
    check_animator(actor)
    if cafe.status == Cafe.Status.CANCELLED:
        raise ValidationError(_("This café is cancelled: it can no longer be changed."))
    if cafe.status == Cafe.Status.HELD or cafe.starts_at <= timezone.now():
        raise ValidationError(_("This café has started: it can no longer be changed."))
    starts_at, details = _clean_cafe(
        starts_at,
        duration_minutes=duration_minutes,
        place_name=place_name,
        place_address=place_address,
        video_url=video_url,
        description=description,
        hosts=hosts,
    )
    # As when scheduling: nobody ticked, the animator hosts it (None: the hosts stay).
    new_hosts = None if hosts is None else details.pop("hosts") or [actor]
    details.pop("hosts", None)
    with transaction.atomic():
        locked = Cafe.objects.select_for_update().get(pk=cafe.pk)
        if locked.status != Cafe.Status.SCHEDULED:  # cancelled meanwhile
            raise ValidationError(_("This café is cancelled: it can no longer be changed."))
        before = changes.snapshot(locked)
        wanted = {"starts_at": starts_at, **details}
        changed = [name for name, value in wanted.items() if getattr(locked, name) != value]
        if new_hosts is not None and {h.pk for h in new_hosts} != set(
            locked.hosts.values_list("pk", flat=True)
        ):
            locked.hosts.set(new_hosts)
        if not changed:
            return None
        for name in changed:
            setattr(locked, name, wanted[name])
        # Calendar apps only take a changed event if its SEQUENCE went up.
        locked.sequence += 1
        locked.save(update_fields=[*changed, "sequence", "updated_at"])
        change = None
        if any(name in changes.ANNOUNCED for name in changed):
            change = changes.record_change(
                cafe=locked, kind=CafeChange.Kind.CHANGED, before=before, actor=actor
            )
    cafe.refresh_from_db()
    return change
