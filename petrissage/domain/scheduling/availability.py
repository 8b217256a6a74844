"""Open appointment slots for one therapist's calendar.

Contract of `open_slots`:

- Intervals are half-open, [start, end): an appointment ending at 11:00 and one
  starting at 11:00 do not overlap, so back-to-back booking is allowed.
- Working hours, breaks and whole-day time off are local wall-clock times, turned into
  instants by the rule in `clock.py` (first instant the clock shows that time or later).
- Offered starts are the opening of each working window plus whole multiples of
  `step_minutes` of *elapsed* time. On a spring-forward day the wall times in the gap
  never occur, so they are never offered; on a fall-back day the repeated hour is
  offered twice, earlier occurrence first, told apart by the UTC offset.
- The appointment itself [start, start + minutes) must lie inside working hours and
  clear of breaks and time off. The appointment plus its own turnover
  [start, start + minutes + buffer_after) must clear every busy block, and every busy
  block counts its own turnover [busy.start, busy.end + busy.buffer_after). Turnover may
  run past closing time or into a break (the room is tidied, the therapist is not booked).
- A slot is offered when its start lies in [start, end) of the search and is not
  before `not_before` (e.g. now plus the practice's minimum notice).
- Slots come back sorted, as aware datetimes in the practice's time zone `tz`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from petrissage.domain.scheduling.clock import local_days, to_utc, wall_time_instant
from petrissage.domain.scheduling.model import (
    Break,
    Busy,
    LocationId,
    ScheduleException,
    Slot,
    WeeklyHours,
)
from petrissage.domain.scheduling.validation import (
    check_buffer,
    check_minutes,
    check_search_window,
    check_step,
    require_aware,
)

Interval = tuple[datetime, datetime]


def overlaps(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """True when half-open [a_start, a_end) and [b_start, b_end) share an instant.

    Empty intervals overlap nothing; touching intervals (a_end == b_start) do not overlap.
    Compared as instants, so 01:30 PDT and 01:30 PST are told apart on a fall-back day.
    """
    return _overlaps_utc(to_utc(a_start), to_utc(a_end), to_utc(b_start), to_utc(b_end))


def _overlaps_utc(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> bool:
    """`overlaps` for datetimes already in UTC (the hot path)."""
    return a_start < a_end and b_start < b_end and a_start < b_end and b_start < a_end


@dataclass(frozen=True)
class WorkingWindow:
    """One continuous stretch of working time on a local date, in UTC."""

    day: date
    opens: datetime
    closes: datetime
    location_id: LocationId


def working_windows(
    hours: Iterable[WeeklyHours], tz: ZoneInfo, days: Iterable[date]
) -> list[WorkingWindow]:
    """Working windows for each day; touching or overlapping hours at one location merge."""
    weekly = list(hours)
    windows: list[WorkingWindow] = []
    for day in days:
        todays = [
            WorkingWindow(
                day,
                wall_time_instant(day, h.start, tz),
                wall_time_instant(day, h.end, tz),
                h.location_id,
            )
            for h in weekly
            if h.weekday == day.weekday()
        ]
        windows.extend(_merge_windows(todays))
    return windows


def _merge_windows(windows: list[WorkingWindow]) -> list[WorkingWindow]:
    merged: list[WorkingWindow] = []
    for window in sorted(windows, key=lambda w: (str(w.location_id), w.opens)):
        if window.opens >= window.closes:
            continue  # e.g. both ends inside one spring-forward gap
        last = merged[-1] if merged else None
        if last and last.location_id == window.location_id and window.opens <= last.closes:
            merged[-1] = WorkingWindow(
                last.day, last.opens, max(last.closes, window.closes), last.location_id
            )
        else:
            merged.append(window)
    return merged


def break_intervals(breaks: Iterable[Break], day: date, tz: ZoneInfo) -> list[Interval]:
    """The breaks that apply on `day`, as UTC instants."""
    return [
        (wall_time_instant(day, b.start, tz), wall_time_instant(day, b.end, tz))
        for b in breaks
        if b.applies_on(day)
    ]


def busy_intervals(busy: Iterable[Busy]) -> list[Interval]:
    """Each busy block including its turnover time."""
    return [(to_utc(b.start), b.blocked_until) for b in busy]


def candidate_starts(window: WorkingWindow, minutes: int, step: int) -> Iterator[datetime]:
    """Opening time plus whole steps, as long as the appointment still ends by closing."""
    length = timedelta(minutes=minutes)
    start = window.opens
    while start + length <= window.closes:
        yield start
        start += timedelta(minutes=step)


def _is_clear(start: datetime, end: datetime, blocks: Sequence[Interval]) -> bool:
    return not any(_overlaps_utc(start, end, b_start, b_end) for b_start, b_end in blocks)


def _touching(blocks: Sequence[Interval], start: datetime, end: datetime) -> list[Interval]:
    """Only the blocks that can matter inside [start, end)."""
    return [block for block in blocks if _overlaps_utc(start, end, *block)]


def open_slots(
    hours: Sequence[WeeklyHours],
    breaks: Sequence[Break],
    exceptions: Sequence[ScheduleException],
    busy: Sequence[Busy],
    *,
    tz: ZoneInfo,
    start: datetime,
    end: datetime,
    minutes: int,
    buffer_after: int = 0,
    step_minutes: int = 15,
    not_before: datetime | None = None,
) -> list[Slot]:
    """Bookable [start, end) slots of `minutes`, sorted, in `tz` (see the module docstring)."""
    _check_search(start, end, minutes, buffer_after, step_minutes, not_before)
    start, end = to_utc(start), to_utc(end)
    earliest = max(start, to_utc(not_before)) if not_before is not None else start
    length = timedelta(minutes=minutes)
    turnover = timedelta(minutes=buffer_after)
    time_off = [exception.blocked(tz) for exception in exceptions]
    taken = busy_intervals(busy)
    slots: list[Slot] = []
    for window in working_windows(hours, tz, local_days(start, end, tz)):
        closed = _touching(time_off + break_intervals(breaks, window.day, tz), *_span(window))
        booked = _touching(taken, window.opens, window.closes + turnover)
        for slot_start in candidate_starts(window, minutes, step_minutes):
            if slot_start < earliest or slot_start >= end:
                continue
            slot_end = slot_start + length
            if _is_clear(slot_start, slot_end, closed) and _is_clear(
                slot_start, slot_end + turnover, booked
            ):
                slots.append(_in_zone(slot_start, slot_end, window.location_id, tz))
    return sorted(slots, key=lambda slot: (to_utc(slot.start), str(slot.location_id)))


def _span(window: WorkingWindow) -> Interval:
    return window.opens, window.closes


def _in_zone(start: datetime, end: datetime, location_id: LocationId, tz: ZoneInfo) -> Slot:
    return Slot(start.astimezone(tz), end.astimezone(tz), location_id)


def _check_search(
    start: datetime,
    end: datetime,
    minutes: int,
    buffer_after: int,
    step_minutes: int,
    not_before: datetime | None,
) -> None:
    check_search_window(start, end)
    check_minutes("minutes", minutes)
    check_buffer("buffer_after", buffer_after)
    check_step("step_minutes", step_minutes)
    if not_before is not None:
        require_aware("not_before", not_before)
