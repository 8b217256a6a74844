"""Input checks shared by the scheduling core.

Every failure raises `SchedulingError`, whose message starts with the name of the
offending field, so a form or API layer can attach it to that field (house rule: bad
input gets a clear message naming the field, never a 500).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from petrissage.domain.scheduling.clock import to_utc

MINUTE_GRANULARITY = 5
"""Appointment lengths, buffers and steps are whole multiples of this many minutes."""

MAX_APPOINTMENT_MINUTES = 8 * 60
"""The longest bookable appointment; a 12-hour booking is a typing error, not a session."""

MAX_BUFFER_MINUTES = 120
MAX_STEP_MINUTES = 240
MAX_SEARCH_DAYS = 366


class SchedulingError(ValueError):
    """Bad scheduling input. `field` names the argument or attribute at fault."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def require_aware(field: str, value: datetime) -> None:
    """Refuse a naive datetime: every instant in Petrissage carries its UTC offset."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise SchedulingError(field, "needs a time zone (naive date-times are refused).")


def require_wall_time(field: str, value: time) -> None:
    """A wall-clock time is read in the practice's zone, so it must not carry its own."""
    if value.tzinfo is not None:
        raise SchedulingError(field, "is a local wall-clock time; give it without a time zone.")


def require_weekday(field: str, value: int) -> None:
    """Weekdays follow `date.weekday()`: 0 is Monday, 6 is Sunday."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        raise SchedulingError(field, "must be a weekday number from 0 (Monday) to 6 (Sunday).")


def require_multiple_of_five(field: str, minutes: int, *, low: int, high: int) -> None:
    """Refuse non-integers, values outside [low, high] and values not a multiple of 5."""
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise SchedulingError(field, "must be a whole number of minutes.")
    if not low <= minutes <= high:
        raise SchedulingError(field, f"must be between {low} and {high} minutes; got {minutes}.")
    if minutes % MINUTE_GRANULARITY:
        raise SchedulingError(field, f"must be a multiple of 5 minutes; got {minutes}.")


def check_minutes(field: str, minutes: int) -> None:
    """An appointment length: 5 to 480 minutes in steps of 5."""
    require_multiple_of_five(field, minutes, low=MINUTE_GRANULARITY, high=MAX_APPOINTMENT_MINUTES)


def check_buffer(field: str, minutes: int) -> None:
    """Turnover time after an appointment: 0 to 120 minutes in steps of 5."""
    require_multiple_of_five(field, minutes, low=0, high=MAX_BUFFER_MINUTES)


def check_step(field: str, minutes: int) -> None:
    """Spacing between offered start times: 5 to 240 minutes in steps of 5."""
    require_multiple_of_five(field, minutes, low=MINUTE_GRANULARITY, high=MAX_STEP_MINUTES)


def check_interval(
    start: datetime, end: datetime, *, start_field: str = "start", end_field: str = "end"
) -> None:
    """Both ends aware and end strictly after start (any length)."""
    require_aware(start_field, start)
    require_aware(end_field, end)
    if to_utc(end) <= to_utc(start):
        raise SchedulingError(end_field, f"must be after {start_field}.")


def check_appointment_times(start: datetime, end: datetime) -> int:
    """Validate a proposed appointment and return its length in minutes.

    Refuses naive datetimes, an end at or before the start, a length over 8 hours
    and a length that is not a whole multiple of 5 minutes.
    """
    check_interval(start, end)
    length = to_utc(end) - to_utc(start)
    if length > timedelta(minutes=MAX_APPOINTMENT_MINUTES):
        raise SchedulingError("end", "an appointment may last at most 8 hours.")
    if length % timedelta(minutes=MINUTE_GRANULARITY):
        raise SchedulingError("end", "the length must be a multiple of 5 minutes.")
    return length // timedelta(minutes=1)


def check_search_window(start: datetime, end: datetime) -> None:
    """A search for open slots spans at most a year."""
    check_interval(start, end)
    if to_utc(end) - to_utc(start) > timedelta(days=MAX_SEARCH_DAYS):
        raise SchedulingError("end", f"a search may span at most {MAX_SEARCH_DAYS} days.")
