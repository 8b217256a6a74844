"""Scheduling core: open slots, "any therapist" booking, plan series, conflicts.

Pure Python (no Django). Instants are time-zone-aware datetimes; working hours, breaks
and whole-day time off are wall-clock times in the practice's zone (see `clock.py` for
how they behave across daylight-saving changes). Intervals are half-open [start, end).
"""

from __future__ import annotations

from petrissage.domain.scheduling.availability import open_slots, overlaps
from petrissage.domain.scheduling.clock import wall_time_instant
from petrissage.domain.scheduling.model import (
    DEFAULT_APPOINTMENT_TYPES,
    AppointmentType,
    Break,
    Busy,
    ScheduleException,
    Slot,
    TimeOffKind,
    WeeklyHours,
    appointment_type,
)
from petrissage.domain.scheduling.recurrence import (
    Conflict,
    ConflictKind,
    find_conflicts,
    series_dates,
)
from petrissage.domain.scheduling.resources import (
    RoomCalendar,
    SlotChoice,
    TherapistCalendar,
    first_free_room,
    first_open_slots_any,
    room_is_free,
)
from petrissage.domain.scheduling.validation import SchedulingError, check_appointment_times

__all__ = [
    "DEFAULT_APPOINTMENT_TYPES",
    "AppointmentType",
    "Break",
    "Busy",
    "Conflict",
    "ConflictKind",
    "RoomCalendar",
    "ScheduleException",
    "SchedulingError",
    "Slot",
    "SlotChoice",
    "TherapistCalendar",
    "TimeOffKind",
    "WeeklyHours",
    "appointment_type",
    "check_appointment_times",
    "find_conflicts",
    "first_free_room",
    "first_open_slots_any",
    "open_slots",
    "overlaps",
    "room_is_free",
    "series_dates",
    "wall_time_instant",
]
