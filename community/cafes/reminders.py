"""Reminder emails the day before a café, with tranquillité: one per café and member, only
to members who said they would come or who receive the network's news by email."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from exchange.models import Member
from frontend.dates import hour
from tenants.hosts import network_url

from .models import Cafe, CafeReminder, Rsvp


def cafes_tomorrow():
    """Scheduled cafés starting tomorrow, Europe/Paris days."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min))
    end = timezone.make_aware(datetime.combine(tomorrow + timedelta(days=1), time.min))
    return Cafe.objects.filter(
        status=Cafe.Status.SCHEDULED, starts_at__gte=start, starts_at__lt=end
    ).order_by("starts_at")


def recipients(cafe: Cafe):
    """Members not yet reminded of this café who RSVPed, or who get news by email."""
    rsvped = Rsvp.objects.filter(cafe=cafe).values("member_id")
    return (
        Member.objects.filter(
            Q(pk__in=rsvped)
            | Q(notification_mode__in=[Member.Digest.DAILY, Member.Digest.IMMEDIATE]),
            anonymised_at__isnull=True,
            user__is_active=True,
            user__email__isnull=False,
        )
        .exclude(user__email="")
        .exclude(pk__in=CafeReminder.objects.filter(cafe=cafe).values("member_id"))
        .select_related("user")
    )


def send_reminder(*, cafe: Cafe, member: Member, coming: bool) -> bool:
    """Send one reminder, once: the CafeReminder row is written before the email in the
    same transaction. A concurrent run waits on the unique row, then sends nothing; a
    failed send leaves no row, so a retry sends it."""
    try:
        with transaction.atomic():
            CafeReminder.objects.create(cafe=cafe, member=member)
            with translation.override(settings.LANGUAGE_CODE):
                body = render_to_string(
                    "cafes/email/reminder.txt",
                    {
                        "member": member,
                        "cafe": cafe,
                        "coming": coming,
                        "cafe_url": network_url(f"/cafes/{cafe.pk}/"),
                        "preferences_url": network_url("/mon-profil/"),
                    },
                )
                subject = _("Café-rencontre tomorrow at %(time)s") % {"time": hour(cafe.starts_at)}
            send_mail(subject, body, None, [member.user.email])
    except IntegrityError:
        return False
    return True


def send_cafe_reminders() -> int:
    """Every reminder due in this network (the task's schema). Safe to run twice."""
    sent = 0
    for cafe in cafes_tomorrow():
        coming = set(Rsvp.objects.filter(cafe=cafe).values_list("member_id", flat=True))
        for member in recipients(cafe):
            sent += send_reminder(cafe=cafe, member=member, coming=member.pk in coming)
    return sent
