"""Book the plan: a series of visits (e.g. 2×/week for 4 weeks, Tue/Thu 17:30 local).

`series_dates` lays the visits on the practice's wall clock, so 17:30 stays 17:30 local
on both sides of a daylight-saving change. `find_conflicts` then reports, visit by
visit, what stands in the way, so the front desk can move single visits instead of
losing the whole series.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from petrissage.domain.scheduling.availability import overlaps
from petrissage.domain.scheduling.clock import to_utc, wall_time_instant
from petrissage.domain.scheduling.model import Busy, ScheduleException
from petrissage.domain.scheduling.validation import (
    SchedulingError,
    check_buffer,
    check_minutes,
    require_aware,
    require_wall_time,
    require_weekday,
)

MAX_SERIES_WEEKS = 52


def series_dates(
    first_start: datetime,
    *,
    per_week: int,
    weeks: int,
    preferred_weekdays: Sequence[int],
    preferred_time: time,
    tz: ZoneInfo,
) -> list[datetime]:
    """`per_week × weeks` visit starts at `preferred_time` local, in `tz`, sorted.

    The series begins with the first preferred weekday at `preferred_time` that is not
    before `first_start`. From that day on the plan runs in 7-day periods, and each
    period takes its first `per_week` preferred weekdays in calendar order. A time that
    falls in a spring-forward gap becomes the moment the clock jumps (see `clock.py`).
    """
    require_aware("first_start", first_start)
    require_wall_time("preferred_time", preferred_time)
    weekdays = _check_plan(per_week, weeks, preferred_weekdays)
    first_day = _first_visit_day(first_start, weekdays, preferred_time, tz)
    starts: list[datetime] = []
    for week in range(weeks):
        period_start = first_day + timedelta(weeks=week)
        visit_days = [
            day
            for day in (period_start + timedelta(days=offset) for offset in range(7))
            if day.weekday() in weekdays
        ][:per_week]
        starts.extend(
            wall_time_instant(day, preferred_time, tz).astimezone(tz) for day in visit_days
        )
    return starts


def _check_plan(per_week: int, weeks: int, preferred_weekdays: Sequence[int]) -> set[int]:
    _require_count("per_week", per_week, high=7)
    _require_count("weeks", weeks, high=MAX_SERIES_WEEKS)
    for weekday in preferred_weekdays:
        require_weekday("preferred_weekdays", weekday)
    weekdays = set(preferred_weekdays)
    if len(weekdays) != len(preferred_weekdays):
        raise SchedulingError("preferred_weekdays", "lists a weekday twice.")
    if len(weekdays) < per_week:
        raise SchedulingError(
            "preferred_weekdays",
            f"needs at least {per_week} weekdays for {per_week} visits a week.",
        )
    return weekdays


def _require_count(field: str, value: int, *, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= high:
        raise SchedulingError(field, f"must be a whole number from 1 to {high}.")


def _first_visit_day(
    first_start: datetime, weekdays: set[int], preferred_time: time, tz: ZoneInfo
) -> date:
    day = first_start.astimezone(tz).date()
    while day.weekday() not in weekdays or wall_time_instant(day, preferred_time, tz) < first_start:
        day += timedelta(days=1)
    return day


class ConflictKind(StrEnum):
    APPOINTMENT = "appointment"
    TIME_OFF = "time off"
    SERIES = "series"


@dataclass(frozen=True)
class Conflict:
    """Proposed visit number `index` (0-based) cannot be booked, and why."""

    index: int
    start: datetime
    end: datetime
    kind: ConflictKind
    reason: str
    busy: Busy | None = None
    time_off: ScheduleException | None = None
    other_index: int | None = None


def find_conflicts(
    proposed: Sequence[datetime],
    busy: Sequence[Busy],
    *,
    minutes: int,
    buffer_after: int = 0,
    time_off: Sequence[ScheduleException] = (),
    tz: ZoneInfo | None = None,
) -> list[Conflict]:
    """Every clash of the proposed visits with busy blocks, time off, and each other.

    A proposed visit occupies [start, start + minutes); with its turnover
    [start, start + minutes + buffer_after) it must clear each busy block's
    [start, end + buffer_after). Back-to-back visits do not conflict. `tz` is needed
    to place whole-day time off.
    """
    check_minutes("minutes", minutes)
    check_buffer("buffer_after", buffer_after)
    for position, start in enumerate(proposed):
        require_aware(f"proposed[{position}]", start)
    if tz is None and any(item.first_day is not None for item in time_off):
        raise SchedulingError("tz", "is needed to place whole-day time off.")
    length = timedelta(minutes=minutes)
    turnover = timedelta(minutes=buffer_after)
    conflicts: list[Conflict] = []
    for index, start in enumerate(proposed):
        end = (to_utc(start) + length).astimezone(start.tzinfo)  # reported in start's zone
        conflicts += _busy_conflicts(index, start, end, to_utc(end) + turnover, busy)
        conflicts += _time_off_conflicts(index, start, end, time_off, tz)
        conflicts += _series_conflicts(index, start, end, proposed, length, turnover)
    return conflicts


def _busy_conflicts(
    index: int, start: datetime, end: datetime, needed_until: datetime, busy: Sequence[Busy]
) -> list[Conflict]:
    return [
        Conflict(index, start, end, ConflictKind.APPOINTMENT, _clash_reason(block), busy=block)
        for block in busy
        if overlaps(start, needed_until, block.start, block.blocked_until)
    ]


def _clash_reason(block: Busy) -> str:
    what = block.label or "another appointment"
    return f"overlaps {what} at {block.start.isoformat()} (with turnover)."


def _time_off_conflicts(
    index: int,
    start: datetime,
    end: datetime,
    time_off: Sequence[ScheduleException],
    tz: ZoneInfo | None,
) -> list[Conflict]:
    zone = tz if tz is not None else ZoneInfo("UTC")  # only partial blocks reach here untimed
    return [
        Conflict(index, start, end, ConflictKind.TIME_OFF, _time_off_reason(item), time_off=item)
        for item in time_off
        if overlaps(start, end, *item.blocked(zone))
    ]


def _time_off_reason(item: ScheduleException) -> str:
    because = f": {item.reason}" if item.reason else ""
    return f"falls in time off ({item.kind.value}{because})."


def _series_conflicts(
    index: int,
    start: datetime,
    end: datetime,
    proposed: Sequence[datetime],
    length: timedelta,
    turnover: timedelta,
) -> list[Conflict]:
    needed_until = to_utc(end) + turnover
    return [
        Conflict(
            index,
            start,
            end,
            ConflictKind.SERIES,
            f"overlaps visit {other + 1} of the same series.",
            other_index=other,
        )
        for other, other_start in enumerate(proposed)
        if other != index
        and overlaps(start, needed_until, other_start, to_utc(other_start) + length + turnover)
    ]
