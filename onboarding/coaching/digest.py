"""The Monday digest: one email per coach and week, with their networks' open alerts and
the past week's coaching minutes against the target."""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from coopere.accounts.models import User

from . import selectors
from .models import WeeklyDigest


def console_url(path: str) -> str:
    """Absolute URL on the base domain, for emails (no request to take the host from)."""
    port = f":{settings.COOPERE_URL_PORT}" if settings.COOPERE_URL_PORT else ""
    return f"{settings.COOPERE_URL_SCHEME}://{settings.COOPERE_BASE_DOMAIN}{port}{path}"


def _reverse(name: str, **kwargs) -> str:
    # Tasks run without a request: name the public urlconf explicitly.
    return console_url(reverse(name, kwargs=kwargs, urlconf=settings.PUBLIC_SCHEMA_URLCONF))


def last_week(today: date | None = None) -> date:
    """Monday of the week before `today`'s."""
    return selectors.week_start(today or timezone.localdate()) - timedelta(weeks=1)


def send_weekly_digest(*, coach_id: int, week: date) -> bool:
    """Send the coach's digest for `week` (a Monday), once: the WeeklyDigest row is written
    in the same transaction as the send, so a second run sends nothing."""
    coach = User.objects.filter(pk=coach_id, kind=User.Kind.OPERATOR, is_active=True).first()
    if coach is None or not coach.email:
        return False
    if WeeklyDigest.objects.filter(coach=coach, week=week).exists():
        return False
    lines = selectors.digest_for(coach, week)
    if not lines:
        return False
    try:
        with transaction.atomic():
            WeeklyDigest.objects.create(coach=coach, week=week)
            message = _render(coach, week, lines)
            message.send()
    except IntegrityError:  # a concurrent run sent it
        return False
    return True


def _render(coach: User, week: date, lines) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "coach": coach,
            "week_start": week,
            "week_end": week + timedelta(days=6),
            "lines": [
                {
                    "line": line,
                    "log_url": _reverse("coaching:log", slug=line.network.slug),
                }
                for line in lines
            ],
            "alert_count": sum(len(line.alerts) for line in lines),
            "minutes": sum(line.week.minutes for line in lines),
            "target": selectors.target_minutes(),
            "alerts_url": _reverse("coaching:alerts") + f"?coach={coach.pk}",
            "week_url": _reverse("coaching:my_week"),
        }
        subject = _("Your networks, week of %(date)s") % {
            "date": formats.date_format(week, "j F Y")
        }
        text = render_to_string("console/coaching/email/digest.txt", context)
        html = render_to_string("console/coaching/email/digest.html", context)
    message = EmailMultiAlternatives(subject, text, None, [coach.email])
    message.attach_alternative(html, "text/html")
    return message
