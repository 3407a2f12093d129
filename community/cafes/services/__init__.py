"""Business actions about cafés, split by purpose (`schedule`, `attendance`) and all
importable from here: `from community.cafes import services; services.schedule_cafe(...)`."""

from .attendance import (
    cancel_rsvp,
    mark_attendance,
    record_headcount,
    register_newcomer_at_cafe,
    rsvp,
    write_report,
)
from .changes import send_change_emails
from .schedule import cancel_cafe, edit_cafe, schedule_cafe, schedule_monthly_series

__all__ = [
    "cancel_cafe",
    "cancel_rsvp",
    "edit_cafe",
    "mark_attendance",
    "record_headcount",
    "register_newcomer_at_cafe",
    "rsvp",
    "schedule_cafe",
    "schedule_monthly_series",
    "send_change_emails",
    "write_report",
]
