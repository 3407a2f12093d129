"""Monthly rules: "the first Saturday of the month", "the last Thursday of the month"."""

import calendar
from datetime import date, datetime, time

from django.utils import timezone


def nth_weekday(year: int, month: int, *, weekday: int, week: int) -> date:
    """The `week`-th `weekday` (0 = Monday) of a month; week -1 is the last one.
    Weeks 1 to 4 always exist, which is why the rule offers no "fifth"."""
    days = [
        day
        for day in calendar.Calendar().itermonthdates(year, month)
        if day.month == month and day.weekday() == weekday
    ]
    return days[-1] if week == -1 else days[week - 1]


def monthly_starts(
    *, weekday: int, week: int, at: time, count: int, after: datetime
) -> list[datetime]:
    """The next `count` aware start times (Europe/Paris) strictly after `after`."""
    tz = timezone.get_current_timezone()
    local = timezone.localtime(after, tz)
    year, month = local.year, local.month
    starts: list[datetime] = []
    while len(starts) < count:
        day = nth_weekday(year, month, weekday=weekday, week=week)
        start = timezone.make_aware(datetime.combine(day, at), tz)
        if start > after:
            starts.append(start)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts
