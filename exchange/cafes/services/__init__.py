"""Business actions about cafés, split by purpose (`schedule`, `attendance`) and all
importable from here: `from exchange.cafes import services; services.schedule_cafe(...)`."""

from .attendance import (
    cancel_rsvp,
    mark_attendance,
    record_headcount,
    register_newcomer_at_cafe,
    rsvp,
    write_report,
)
from .schedule import cancel_cafe, schedule_cafe, schedule_monthly_series

__all__ = [
    "cancel_cafe",
    "cancel_rsvp",
    "mark_attendance",
    "record_headcount",
    "register_newcomer_at_cafe",
    "rsvp",
    "schedule_cafe",
    "schedule_monthly_series",
    "write_report",
]
