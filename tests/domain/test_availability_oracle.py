"""`open_slots` agrees with a brute-force oracle that scans one local day minute by minute.

The oracle shares no code with the scheduler. It walks the real minutes (UTC) around
the day, reads the practice's clock at each, and applies the documented contract:

- a wall time means the first minute of the date at which the clock shows it or later;
- working windows are the maximal runs of working minutes; starts step from each
  window's opening in real elapsed minutes;
- the appointment must avoid breaks and time off, and with its turnover must avoid
  every busy block plus that block's turnover.

Days include both 2026 DST transitions in America/Los_Angeles and Europe/Berlin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from petrissage.domain.scheduling import (
    Break,
    Busy,
    ScheduleException,
    TimeOffKind,
    WeeklyHours,
    open_slots,
)

LA = ZoneInfo("America/Los_Angeles")
BERLIN = ZoneInfo("Europe/Berlin")
DAYS = [
    (LA, date(2026, 3, 8)),  # spring forward
    (LA, date(2026, 11, 1)),  # fall back
    (LA, date(2026, 6, 15)),  # ordinary Monday
    (BERLIN, date(2026, 3, 29)),
    (BERLIN, date(2026, 10, 25)),
]
SCAN_MINUTES = 3 * 24 * 60  # from 00:00 UTC the day before: covers every zone's local day


def minute_of_day(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


@dataclass
class Clock:
    """Minute-by-minute view of the scan: index i is `base + i minutes`."""

    tz: ZoneInfo
    day: date

    def __post_init__(self) -> None:
        self.base = datetime.combine(self.day - timedelta(days=1), time(0), tzinfo=UTC)
        self.local = [
            (self.base + timedelta(minutes=i)).astimezone(self.tz) for i in range(SCAN_MINUTES)
        ]

    def first_showing(self, day: date, wall: time) -> int:
        """Index of the first minute of `day` whose clock reads `wall` or later."""
        for i, local in enumerate(self.local):
            if local.date() == day and local.time() >= wall:
                return i
        for i, local in enumerate(self.local):  # `wall` never shows: the next day starts
            if local.date() > day:
                return i
        raise AssertionError("scan too short")

    def index(self, moment: datetime) -> int:
        return int((moment - self.base) / timedelta(minutes=1))

    def instant(self, index: int) -> datetime:
        return self.base + timedelta(minutes=index)


def mark(flags: list[bool], start: int, end: int) -> None:
    for i in range(max(start, 0), min(end, len(flags))):
        flags[i] = True


def runs(flags: list[bool]) -> list[tuple[int, int]]:
    found, start = [], None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            found.append((start, i))
            start = None
    return found


def oracle(
    clock, hours, breaks, time_off, busy, *, search, minutes, buffer_after, step, not_before
):
    working, closed, taken = ([False] * SCAN_MINUTES for _ in range(3))
    for h in hours:
        mark(
            working, clock.first_showing(clock.day, h.start), clock.first_showing(clock.day, h.end)
        )
    for b in breaks:
        mark(closed, clock.first_showing(clock.day, b.start), clock.first_showing(clock.day, b.end))
    for off in time_off:
        mark(closed, clock.index(off.start), clock.index(off.end))
    for block in busy:
        blocked_until = block.end + timedelta(minutes=block.buffer_after)
        mark(taken, clock.index(block.start), clock.index(blocked_until))
    search_start, search_end = (clock.index(moment) for moment in search)
    earliest = max(search_start, clock.index(not_before)) if not_before else search_start
    found = []
    for opens, closes in runs(working):
        for s in range(opens, closes - minutes + 1, step):
            appointment_clear = not any(closed[s : s + minutes])
            turnover_clear = not any(taken[s : s + minutes + buffer_after])
            if earliest <= s < search_end and appointment_clear and turnover_clear:
                found.append(clock.instant(s))
    return found


def five_minute_marks(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(min_value=low // 5, max_value=high // 5).map(lambda n: n * 5)


@st.composite
def wall_range(draw):
    """A wall-clock range, drawn often near the 01:00–03:00 DST transitions."""
    start = draw(five_minute_marks(0, 1430) | five_minute_marks(60, 175) | five_minute_marks(0, 55))
    near_transitions = five_minute_marks(max(start + 5, 60), max(start + 5, 180))
    end = draw(five_minute_marks(start + 5, 1435) | near_transitions)
    return minute_of_day(start), minute_of_day(end)


@st.composite
def scenarios(draw):
    tz, day = draw(st.sampled_from(DAYS))
    clock_start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)

    def moment(offset_minutes: int) -> datetime:
        return clock_start + timedelta(minutes=offset_minutes)

    offsets = st.integers(min_value=-48, max_value=336).map(lambda n: n * 5)
    lengths = st.integers(min_value=1, max_value=48).map(lambda n: n * 5)
    hours = [
        WeeklyHours(day.weekday(), a, b)
        for a, b in draw(st.lists(wall_range(), min_size=1, max_size=2))
    ]
    breaks = [Break(a, b) for a, b in draw(st.lists(wall_range(), max_size=2))]
    busy = [
        Busy(moment(offset), moment(offset + length), buffer_after=buffer)
        for offset, length, buffer in draw(
            st.lists(st.tuples(offsets, lengths, st.sampled_from([0, 5, 10, 15, 30])), max_size=4)
        )
    ]
    time_off = [
        ScheduleException.between(moment(offset), moment(offset + length), TimeOffKind.OTHER)
        for offset, length in draw(st.lists(st.tuples(offsets, lengths), max_size=1))
    ]
    not_before = draw(st.none() | offsets.map(moment))
    day_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    whole_day = (clock_start, day_end)
    search = draw(
        st.just(whole_day)
        | st.tuples(offsets, lengths).map(
            lambda pair: (moment(pair[0]), moment(pair[0] + pair[1] * 4))
        )
    )
    return {
        "tz": tz,
        "day": day,
        "hours": hours,
        "breaks": breaks,
        "time_off": time_off,
        "busy": busy,
        "minutes": draw(st.integers(min_value=1, max_value=48).map(lambda n: n * 5)),
        "buffer_after": draw(st.sampled_from([0, 5, 10, 15, 30])),
        "step": draw(st.sampled_from([5, 10, 15, 20, 30, 60])),
        "not_before": not_before,
        "search": search,
    }


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_open_slots_match_a_minute_by_minute_scan(scenario):
    tz, day = scenario["tz"], scenario["day"]
    clock = Clock(tz, day)
    expected = oracle(
        clock,
        scenario["hours"],
        scenario["breaks"],
        scenario["time_off"],
        scenario["busy"],
        minutes=scenario["minutes"],
        buffer_after=scenario["buffer_after"],
        step=scenario["step"],
        not_before=scenario["not_before"],
        search=scenario["search"],
    )
    slots = open_slots(
        scenario["hours"],
        scenario["breaks"],
        scenario["time_off"],
        scenario["busy"],
        tz=tz,
        start=scenario["search"][0],
        end=scenario["search"][1],
        minutes=scenario["minutes"],
        buffer_after=scenario["buffer_after"],
        step_minutes=scenario["step"],
        not_before=scenario["not_before"],
    )
    assert [slot.start.astimezone(UTC) for slot in slots] == expected
    assert all(slot.minutes == scenario["minutes"] for slot in slots)
    assert all(slot.start.tzinfo is tz for slot in slots)
