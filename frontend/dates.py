"""Dates and hours the way French readers write them, shared by templates, emails and PDFs.

- Hours: « 10 h », « 10 h 30 » (never « 10:00 »); a range « de 10 h à 12 h ».
- The first of a month: « 1er juillet 2026 » (`long_date`), as French writes it.
- Month abbreviations: Django's French `N` format gives « jan. », « fév. »; the usual
  abbreviations are « janv. », « févr. »… Django reads them through
  `pgettext("abbrev. month", …)`, and our catalogue comes first, so listing them here (for
  makemessages to keep them) corrects every `N` date of the site. Templates use `N`, not
  `M` (which gives « Déc », « Jui » for both June and July).
Other languages keep Django's own formats (« 10:30 »).
"""

import datetime

from django.utils import formats, timezone
from django.utils.translation import get_language, gettext, pgettext, pgettext_lazy

NBSP = "\u00a0"

MONTHS_ABBREVIATED = [
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
]


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _is_french() -> bool:
    return (get_language() or "fr").split("-")[0] == "fr"


def hour(value) -> str:
    """A time or datetime (shown in Paris time): « 10 h », « 10 h 30 »; « 10:30 » in English."""
    if value in (None, ""):
        return ""
    value = _local(value)
    if not _is_french():
        return formats.time_format(value, "H:i")
    if value.minute:
        return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"
    return f"{value.hour}{NBSP}h"


def time_range(start, end) -> str:
    """« de 10 h à 12 h »."""
    return pgettext("hours", "from %(start)s to %(end)s") % {
        "start": hour(start),
        "end": hour(end),
    }


def date_hour(value, date_format: str = "j F Y") -> str:
    """A day and its hour: « 4 déc. à 10 h 30 » (`date_format` for the day, as `|date`)."""
    if value in (None, ""):
        return ""
    value = _local(value)
    return gettext("%(day)s at %(hour)s") % {
        "day": formats.date_format(value, date_format),
        "hour": hour(value),
    }


def short_month(month: datetime.date, year: str = "y") -> str:
    """« déc. 26 » (chart labels), or « déc. 2026 » with year="Y"."""
    return formats.date_format(month, f"N {year}")


def long_date(day: datetime.date) -> str:
    """« 14 août 2026 », and « 1er juillet 2026 » for the first of a month (in French;
    « 1 July 2026 » in English)."""
    text = formats.date_format(day, "j F Y")
    if day.day == 1 and _is_french():
        text = "1er" + text[1:]
    return text
