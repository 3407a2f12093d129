"""Writes of the guided flow, by purpose (each module's functions are re-exported here, so
callers write `from onboarding import services` and `services.move_to_phase(...)`):

- `checklist`: ticking and unticking the items a coach records;
- `phases`: moving a network to the next phase, behind its gates;
- `catalogue`: publishing a new version of the checklist's items;
- `networks`: opening a network, its perimeter, coach, indicators, platform opening;
- `contacts`: amorceurs, relays and the network's documents;
- `pilots`: registering amorceurs as the network's first pilotes.

Every input is checked before anything is written; refusals are ValidationError with
per-field French messages (`coopere.validation.Errors`), and leave the database as it was.
"""

from .catalogue import ITEM_FIELDS, publish_checklist_version
from .checklist import record_item_done, start_checklist, tick_item, untick_item
from .networks import (
    assign_coach,
    open_network,
    open_platform,
    refresh_indicators,
    update_perimeter,
)
from .phases import STRUCTURATION_DAYS, gate_reasons, move_to_phase

__all__ = [
    "ITEM_FIELDS",
    "STRUCTURATION_DAYS",
    "assign_coach",
    "gate_reasons",
    "move_to_phase",
    "open_network",
    "open_platform",
    "publish_checklist_version",
    "record_item_done",
    "refresh_indicators",
    "start_checklist",
    "tick_item",
    "untick_item",
    "update_perimeter",
]
