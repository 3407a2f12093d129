"""Due dates of recurring tasks: the same day next week, next month or next year."""

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day `months` later, kept inside shorter months (31 January -> 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def occurrence(day: date, recurrence: str, n: int) -> date:
    """The n-th occurrence after `day` (counted from `day` itself, so 31 January monthly
    gives 28 February then 31 March, not 28 March)."""
    if recurrence == "weekly":
        return day + timedelta(weeks=n)
    if recurrence == "monthly":
        return add_months(day, n)
    if recurrence == "yearly":
        return add_months(day, 12 * n)
    raise ValueError(recurrence)


def next_due(day: date, recurrence: str, *, today: date) -> date:
    """The next due date after `day`. Occurrences already past are skipped (a task done
    three weeks late is not followed by two overdue ones), but the result is always later
    than `day`."""
    n = 1
    while occurrence(day, recurrence, n) < today:
        n += 1
    return occurrence(day, recurrence, n)
