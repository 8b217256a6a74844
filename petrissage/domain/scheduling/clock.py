"""Turning the practice's wall-clock times into instants, across daylight-saving changes.

One rule covers every case: **a wall-clock time on a date means the first instant of
that date at which the practice's clock shows that time or later.**

- On an ordinary day that is simply the time itself.
- Spring forward (the clock jumps, e.g. 02:00 → 03:00 in America/Los_Angeles on
  2026-03-08): a time inside the gap, such as 02:30, never shows; the first instant at
  which the clock shows 02:30 *or later* is the jump itself, 03:00 PDT.
- Fall back (the clock repeats, e.g. 01:00–02:00 twice on 2026-11-01): a repeated
  time means its first occurrence (PEP 495 ``fold=0``, PDT), like cron's daily jobs.

So 9:00–17:00 local stays 9:00–17:00 local on DST days; only its UTC offset changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def wall_time_instant(day: date, wall: time, tz: ZoneInfo) -> datetime:
    """The first instant of `day` at which a clock in `tz` shows `wall` or later (in UTC)."""
    naive = datetime.combine(day, wall)
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == naive:
        return first  # an ordinary time, or the first of two occurrences
    # `wall` falls in a spring-forward gap: fold=1 reads it with the offset after the
    # jump (an instant before the jump), fold=0 with the offset before (after the jump).
    before_jump = naive.replace(tzinfo=tz, fold=1).astimezone(UTC)
    return _offset_change_between(before_jump, first, tz)


def _offset_change_between(low: datetime, high: datetime, tz: ZoneInfo) -> datetime:
    """The earliest instant in (low, high] whose UTC offset in `tz` equals high's offset."""
    target = high.astimezone(tz).utcoffset()
    low_s, high_s = int(low.timestamp()), int(high.timestamp())
    while high_s - low_s > 1:
        middle = (low_s + high_s) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == target:
            high_s = middle
        else:
            low_s = middle
    return datetime.fromtimestamp(high_s, UTC)


def local_days(start: datetime, end: datetime, tz: ZoneInfo) -> Iterator[date]:
    """Each local calendar date in `tz` touched by the instants [start, end)."""
    day = start.astimezone(tz).date()
    last = (to_utc(end) - timedelta(microseconds=1)).astimezone(tz).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


def to_utc(moment: datetime) -> datetime:
    """The same instant in UTC.

    Arithmetic and comparison happen in UTC because Python compares and subtracts two
    datetimes that share a tzinfo by their *wall* times, ignoring `fold`: in
    America/Los_Angeles, 01:30 PDT and 01:30 PST on 2026-11-01 compare equal, and
    01:30 PDT + 1 hour gives 02:30 PST, two real hours later.
    """
    return moment.astimezone(UTC)
