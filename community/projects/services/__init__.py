"""Business actions about collective projects and sheets, split by purpose and all
importable from here: `from community.projects import services; services.start_project(...)`."""

from .progress import add_photo, add_step, tick_step, untick_step
from .projects import (
    check_can_run,
    is_involved,
    join_project,
    leave_project,
    set_next_meeting,
    set_project_status,
    start_project,
    update_project,
)
from .sheets import create_sheet, steps_from_text, update_sheet

__all__ = [
    "add_photo",
    "add_step",
    "check_can_run",
    "create_sheet",
    "is_involved",
    "join_project",
    "leave_project",
    "set_next_meeting",
    "set_project_status",
    "start_project",
    "steps_from_text",
    "tick_step",
    "untick_step",
    "update_project",
    "update_sheet",
]
