"""Monthly rules: "the first Saturday of the month", "the last Thursday of the month",
as dateutil's rrule (RFC 5545) computes them in Paris time."""

from datetime import date, datetime, time

from dateutil.rrule import MONTHLY, rrule
from dateutil.rrule import weekday as rrule_weekday
from django.utils import timezone


def nth_weekday(year: int, month: int, *, weekday: int, week: int) -> date:
    """The `week`-th `weekday` (0 = Monday) of a month; week -1 is the last one.
    Weeks 1 to 4 always exist, which is why the rule offers no "fifth"."""
    rule = rrule(MONTHLY, dtstart=datetime(year, month, 1), byweekday=rrule_weekday(weekday, week))
    return rule[0].date()


def monthly_starts(
    *, weekday: int, week: int, at: time, count: int, after: datetime
) -> list[datetime]:
    """The next `count` aware start times (Europe/Paris) strictly after `after`."""
    tz = timezone.get_current_timezone()
    local = timezone.localtime(after, tz)
    # The rule runs on naive wall-clock times; each start is then placed in Paris time,
    # so a café at 10 h stays at 10 h across the summer-time changes.
    rule = rrule(
        MONTHLY,
        dtstart=datetime.combine(local.date().replace(day=1), at),
        byweekday=rrule_weekday(weekday, week),
    )
    starts: list[datetime] = []
    for moment in rule:
        start = timezone.make_aware(moment, tz)
        if start > after:
            starts.append(start)
            if len(starts) == count:
                break
    return starts
