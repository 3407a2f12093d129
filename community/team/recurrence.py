"""Due dates of recurring tasks: the same day next week, next month or next year."""

from datetime import date

from dateutil.relativedelta import relativedelta

# relativedelta keeps the day inside shorter months (31 January + 1 month = 28/29 February,
# 29 February + 1 year = 28 February).
STEPS = {
    "weekly": lambda n: relativedelta(weeks=n),
    "monthly": lambda n: relativedelta(months=n),
    "yearly": lambda n: relativedelta(years=n),
}


def occurrence(day: date, recurrence: str, n: int) -> date:
    """The n-th occurrence after `day` (counted from `day` itself, so 31 January monthly
    gives 28 February then 31 March, not 28 March)."""
    if recurrence not in STEPS:
        raise ValueError(recurrence)
    return day + STEPS[recurrence](n)


def next_due(day: date, recurrence: str, *, today: date) -> date:
    """The next due date after `day`. Occurrences already past are skipped (a task done
    three weeks late is not followed by two overdue ones), but the result is always later
    than `day`."""
    n = 1
    while occurrence(day, recurrence, n) < today:
        n += 1
    return occurrence(day, recurrence, n)
