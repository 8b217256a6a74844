"""The value objects of scheduling: working hours, breaks, time off, busy times, slots.

All are frozen dataclasses that check themselves on construction and raise
`SchedulingError` naming the bad attribute. Wall-clock times (`datetime.time`) are read
in the practice's time zone; instants (`datetime`) must be time-zone aware.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from petrissage.domain.scheduling.clock import to_utc, wall_time_instant
from petrissage.domain.scheduling.validation import (
    SchedulingError,
    check_buffer,
    check_interval,
    check_minutes,
    require_wall_time,
    require_weekday,
)

LocationId = int | str | None
"""Identifies a practice location (site); None when the practice has only one."""


def _check_wall_range(start: time, end: time) -> None:
    require_wall_time("start", start)
    require_wall_time("end", end)
    if end <= start:
        raise SchedulingError("end", "must be after start (ranges may not cross midnight).")


@dataclass(frozen=True)
class WeeklyHours:
    """A therapist works `start`–`end` local time every `weekday` (0 Monday … 6 Sunday)."""

    weekday: int
    start: time
    end: time
    location_id: LocationId = None

    def __post_init__(self) -> None:
        require_weekday("weekday", self.weekday)
        _check_wall_range(self.start, self.end)


@dataclass(frozen=True)
class Break:
    """A recurring pause, e.g. lunch 12:30–13:00; `weekday=None` means every day."""

    start: time
    end: time
    weekday: int | None = None

    def __post_init__(self) -> None:
        if self.weekday is not None:
            require_weekday("weekday", self.weekday)
        _check_wall_range(self.start, self.end)

    def applies_on(self, day: date) -> bool:
        return self.weekday is None or self.weekday == day.weekday()


class TimeOffKind(StrEnum):
    HOLIDAY = "holiday"
    SICK_DAY = "sick day"
    TRAINING = "training"
    OTHER = "other"


@dataclass(frozen=True)
class ScheduleException:
    """Time off that overrides the weekly hours: a holiday, a sick day, a course.

    Either whole local days (`first_day`..`last_day`, both included) or a partial
    block between two aware instants (`start`, `end`). Build one with `whole_days()`
    or `between()`. (Named `ScheduleException` so it does not shadow Python's
    built-in `Exception`.)
    """

    kind: TimeOffKind
    reason: str = ""
    first_day: date | None = None
    last_day: date | None = None
    start: datetime | None = None
    end: datetime | None = None

    def __post_init__(self) -> None:
        has_days = self.first_day is not None and self.last_day is not None
        has_instants = self.start is not None and self.end is not None
        if has_days == has_instants:
            raise SchedulingError(
                "first_day", "give either first_day and last_day, or start and end."
            )
        if self.first_day is not None and self.last_day is not None:
            if self.last_day < self.first_day:
                raise SchedulingError("last_day", "must not be before first_day.")
        elif self.start is not None and self.end is not None:
            check_interval(self.start, self.end)

    @classmethod
    def whole_days(
        cls, first_day: date, last_day: date, kind: TimeOffKind, reason: str = ""
    ) -> ScheduleException:
        return cls(kind=kind, reason=reason, first_day=first_day, last_day=last_day)

    @classmethod
    def between(
        cls, start: datetime, end: datetime, kind: TimeOffKind, reason: str = ""
    ) -> ScheduleException:
        return cls(kind=kind, reason=reason, start=start, end=end)

    def blocked(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """The blocked instants [start, end) in UTC; whole days run midnight to midnight."""
        if self.first_day is not None and self.last_day is not None:
            midnight = time(0, 0)
            return (
                wall_time_instant(self.first_day, midnight, tz),
                wall_time_instant(self.last_day + timedelta(days=1), midnight, tz),
            )
        if self.start is not None and self.end is not None:
            return to_utc(self.start), to_utc(self.end)
        raise SchedulingError("first_day", "give either first_day and last_day, or start and end.")


@dataclass(frozen=True)
class Busy:
    """An existing appointment (or other booked block) plus room-turnover time after it.

    It blocks [start, end + buffer_after): a new appointment may start exactly at
    `end` when there is no buffer (back-to-back), or at `end + buffer_after`.
    """

    start: datetime
    end: datetime
    buffer_after: int = 0
    label: str = ""

    def __post_init__(self) -> None:
        check_interval(self.start, self.end)
        check_buffer("buffer_after", self.buffer_after)

    @property
    def blocked_until(self) -> datetime:
        """When the turnover ends, in UTC."""
        return to_utc(self.end) + timedelta(minutes=self.buffer_after)


@dataclass(frozen=True)
class Slot:
    """An offered appointment time [start, end), aware, in the practice's time zone."""

    start: datetime
    end: datetime
    location_id: LocationId = None

    @property
    def minutes(self) -> int:
        return (to_utc(self.end) - to_utc(self.start)) // timedelta(minutes=1)


@dataclass(frozen=True)
class AppointmentType:
    """A bookable kind of visit: its length and the turnover time it leaves behind."""

    code: str
    label: str
    minutes: int
    buffer_after: int = 0

    def __post_init__(self) -> None:
        if not self.code:
            raise SchedulingError("code", "is required.")
        check_minutes("minutes", self.minutes)
        check_buffer("buffer_after", self.buffer_after)


TURNOVER_MINUTES = 10
"""Default room turnover: change linens, sanitise the table and face cradle, air the
room, write up the last note's loose ends. Practices may change it per type."""

DEFAULT_APPOINTMENT_TYPES: tuple[AppointmentType, ...] = (
    # Intake review, screening, assessment with outcome baselines, and a first treatment.
    AppointmentType("initial-assessment", "Initial assessment", 75, TURNOVER_MINUTES),
    AppointmentType("treatment-30", "Treatment, 30 min", 30, TURNOVER_MINUTES),
    AppointmentType("treatment-45", "Treatment, 45 min", 45, TURNOVER_MINUTES),
    # ~1 h sessions are the dose used in the low-back-pain trials (clinical.md [L3]).
    AppointmentType("treatment-60", "Treatment, 60 min", 60, TURNOVER_MINUTES),
    AppointmentType("treatment-90", "Treatment, 90 min", 90, TURNOVER_MINUTES),
    # Re-measure outcomes and ROM, update the plan, and treat for the rest of the visit.
    AppointmentType("reassessment", "Reassessment", 45, TURNOVER_MINUTES),
)


def appointment_type(code: str) -> AppointmentType:
    """The default appointment type with this code."""
    for kind in DEFAULT_APPOINTMENT_TYPES:
        if kind.code == code:
            return kind
    raise SchedulingError("code", f"unknown appointment type {code!r}.")
