"""Open slots across daylight-saving changes, asserted as exact ISO strings.

Transitions used (IANA tz database):
- America/Los_Angeles, Sun 2026-03-08: 02:00 PST (-08:00) jumps to 03:00 PDT (-07:00);
  wall times 02:00–02:59 do not exist.
- America/Los_Angeles, Sun 2026-11-01: 02:00 PDT falls back to 01:00 PST; wall times
  01:00–01:59 happen twice, first at -07:00 and then at -08:00.
- Europe/Berlin, Sun 2026-03-29: 02:00 CET (+01:00) jumps to 03:00 CEST (+02:00).
- Europe/Berlin, Sun 2026-10-25: 03:00 CEST falls back to 02:00 CET.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from petrissage.domain.scheduling import (
    Break,
    Busy,
    ScheduleException,
    TherapistCalendar,
    TimeOffKind,
    WeeklyHours,
    first_open_slots_any,
    open_slots,
    wall_time_instant,
)

LA = ZoneInfo("America/Los_Angeles")
BERLIN = ZoneInfo("Europe/Berlin")
SPRING_FORWARD = date(2026, 3, 8)
FALL_BACK = date(2026, 11, 1)
SUNDAY = 6


def day_slots(hours, day, tz=LA, *, minutes=60, step_minutes=60, busy=(), breaks=(), **options):
    start = datetime.combine(day, time(0), tzinfo=tz)
    return open_slots(
        list(hours),
        list(breaks),
        [],
        list(busy),
        tz=tz,
        start=start,
        end=start + timedelta(days=1),
        minutes=minutes,
        step_minutes=step_minutes,
        **options,
    )


def starts(slots) -> list[str]:
    return [slot.start.isoformat() for slot in slots]


class TestWallClockHoursStayPut:
    def test_nine_to_five_on_both_sides_of_spring_forward(self):
        weekdays = [WeeklyHours(d, time(9), time(17)) for d in range(7)]
        before = day_slots(weekdays, date(2026, 3, 7), minutes=480)
        on_the_day = day_slots(weekdays, SPRING_FORWARD, minutes=480)
        after = day_slots(weekdays, date(2026, 3, 9), minutes=480)
        assert starts(before) == ["2026-03-07T09:00:00-08:00"]
        assert starts(on_the_day) == ["2026-03-08T09:00:00-07:00"]
        assert starts(after) == ["2026-03-09T09:00:00-07:00"]
        assert [s.start.astimezone(UTC).hour for s in before + on_the_day] == [17, 16]

    def test_nine_to_five_on_fall_back_day(self):
        slots = day_slots([WeeklyHours(SUNDAY, time(9), time(17))], FALL_BACK, minutes=480)
        assert [(s.start.isoformat(), s.end.isoformat()) for s in slots] == [
            ("2026-11-01T09:00:00-08:00", "2026-11-01T17:00:00-08:00")
        ]


class TestSpringForwardLosAngeles:
    def test_the_missing_hour_is_never_offered(self):
        slots = day_slots([WeeklyHours(SUNDAY, time(0), time(5))], SPRING_FORWARD, step_minutes=30)
        assert starts(slots) == [
            "2026-03-08T00:00:00-08:00",
            "2026-03-08T00:30:00-08:00",
            "2026-03-08T01:00:00-08:00",
            "2026-03-08T01:30:00-08:00",  # ends 03:30 PDT, one real hour later
            "2026-03-08T03:00:00-07:00",
            "2026-03-08T03:30:00-07:00",
            "2026-03-08T04:00:00-07:00",
        ]
        assert [s.minutes for s in slots] == [60] * 7

    def test_opening_inside_the_gap_opens_when_the_clock_jumps(self):
        slots = day_slots([WeeklyHours(SUNDAY, time(2, 30), time(5))], SPRING_FORWARD)
        assert starts(slots) == ["2026-03-08T03:00:00-07:00", "2026-03-08T04:00:00-07:00"]

    def test_closing_inside_the_gap_closes_when_the_clock_jumps(self):
        slots = day_slots([WeeklyHours(SUNDAY, time(0), time(2, 30))], SPRING_FORWARD)
        assert [s.end.isoformat() for s in slots] == [
            "2026-03-08T01:00:00-08:00",
            "2026-03-08T03:00:00-07:00",
        ]

    def test_gap_time_resolves_to_the_jump(self):
        assert wall_time_instant(SPRING_FORWARD, time(2, 30), LA).isoformat() == (
            "2026-03-08T10:00:00+00:00"
        )

    def test_busy_block_across_the_jump_uses_real_elapsed_time(self):
        busy = Busy(datetime(2026, 3, 8, 1, 0, tzinfo=LA), datetime(2026, 3, 8, 3, 0, tzinfo=LA))
        slots = day_slots([WeeklyHours(SUNDAY, time(0), time(5))], SPRING_FORWARD, busy=[busy])
        assert starts(slots) == [
            "2026-03-08T00:00:00-08:00",
            "2026-03-08T03:00:00-07:00",
            "2026-03-08T04:00:00-07:00",
        ]


class TestFallBackLosAngeles:
    def test_the_repeated_hour_is_offered_twice_earlier_first(self):
        slots = day_slots([WeeklyHours(SUNDAY, time(0), time(3))], FALL_BACK, step_minutes=30)
        assert starts(slots) == [
            "2026-11-01T00:00:00-07:00",
            "2026-11-01T00:30:00-07:00",
            "2026-11-01T01:00:00-07:00",
            "2026-11-01T01:30:00-07:00",
            "2026-11-01T01:00:00-08:00",
            "2026-11-01T01:30:00-08:00",
            "2026-11-01T02:00:00-08:00",
        ]
        assert [s.minutes for s in slots] == [60] * 7

    def test_ambiguous_closing_time_means_its_first_occurrence(self):
        slots = day_slots([WeeklyHours(SUNDAY, time(0), time(1, 30))], FALL_BACK, minutes=30)
        assert [s.end.isoformat() for s in slots][-1] == "2026-11-01T01:30:00-07:00"

    def test_ambiguous_opening_time_means_its_first_occurrence(self):
        slots = day_slots([WeeklyHours(SUNDAY, time(1, 30), time(3))], FALL_BACK)
        assert starts(slots) == [
            "2026-11-01T01:30:00-07:00",
            "2026-11-01T01:30:00-08:00",  # an hour later; 02:30 PST would end after 03:00
        ]

    def test_busy_in_the_second_one_oclock_blocks_only_that_hour(self):
        second_one = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)  # 01:00 PST
        busy = Busy(second_one, second_one + timedelta(hours=1))
        slots = day_slots([WeeklyHours(SUNDAY, time(0), time(3))], FALL_BACK, busy=[busy])
        assert starts(slots) == [
            "2026-11-01T00:00:00-07:00",
            "2026-11-01T01:00:00-07:00",
            "2026-11-01T02:00:00-08:00",
        ]

    def test_busy_given_in_local_time_with_fold_uses_real_elapsed_time(self):
        start = datetime(2026, 11, 1, 1, 30, tzinfo=LA)  # 01:30 PDT
        busy = Busy(start, datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=LA), buffer_after=30)
        slots = day_slots(
            [WeeklyHours(SUNDAY, time(0), time(3))], FALL_BACK, busy=[busy], step_minutes=30
        )
        assert starts(slots) == [
            "2026-11-01T00:00:00-07:00",
            "2026-11-01T00:30:00-07:00",  # ends exactly at 01:30 PDT: back-to-back
            "2026-11-01T02:00:00-08:00",  # 01:30 PST + 30 min turnover
        ]

    def test_break_on_fall_back_night_follows_the_first_occurrence(self):
        pause = Break(time(1, 0), time(1, 30))
        slots = day_slots(
            [WeeklyHours(SUNDAY, time(0), time(3))],
            FALL_BACK,
            breaks=[pause],
            minutes=30,
            step_minutes=30,
        )
        assert "2026-11-01T01:00:00-07:00" not in starts(slots)
        assert "2026-11-01T01:00:00-08:00" in starts(slots)

    def test_any_therapist_keeps_both_one_oclocks_apart(self):
        hours = [WeeklyHours(SUNDAY, time(0), time(3))]
        first_one = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)  # 01:00 PDT
        therapists = {
            "ana": TherapistCalendar(hours, busy=[Busy(first_one, first_one + timedelta(hours=1))]),
            "ben": TherapistCalendar(
                hours, busy=[Busy(first_one + timedelta(hours=1), first_one + timedelta(hours=2))]
            ),
        }
        start = datetime(2026, 11, 1, tzinfo=LA)
        choices: list = first_open_slots_any(
            therapists,
            tz=LA,
            start=start,
            end=start + timedelta(days=1),
            minutes=60,
            step_minutes=60,
        )
        assert [(c.slot.start.isoformat(), c.therapist_id) for c in choices] == [
            ("2026-11-01T00:00:00-07:00", "ana"),
            ("2026-11-01T01:00:00-07:00", "ben"),
            ("2026-11-01T01:00:00-08:00", "ana"),
            ("2026-11-01T02:00:00-08:00", "ana"),
        ]


class TestBerlin:
    def test_spring_forward_skips_two_oclock(self):
        slots = day_slots([WeeklyHours(SUNDAY, time(1), time(5))], date(2026, 3, 29), BERLIN)
        assert starts(slots) == [
            "2026-03-29T01:00:00+01:00",
            "2026-03-29T03:00:00+02:00",
            "2026-03-29T04:00:00+02:00",
        ]

    def test_fall_back_repeats_two_oclock(self):
        slots = day_slots([WeeklyHours(SUNDAY, time(1), time(4))], date(2026, 10, 25), BERLIN)
        assert starts(slots) == [
            "2026-10-25T01:00:00+02:00",
            "2026-10-25T02:00:00+02:00",
            "2026-10-25T02:00:00+01:00",
            "2026-10-25T03:00:00+01:00",
        ]

    def test_holiday_covers_the_whole_23_hour_day(self):
        day = date(2026, 3, 29)
        holiday = ScheduleException.whole_days(day, day, TimeOffKind.HOLIDAY, "Easter break")
        start, end = holiday.blocked(BERLIN)
        assert (start.isoformat(), end.isoformat()) == (
            "2026-03-28T23:00:00+00:00",
            "2026-03-29T22:00:00+00:00",
        )
        hours = [WeeklyHours(SUNDAY, time(9), time(17))]
        slots = open_slots(
            hours,
            [],
            [holiday],
            [],
            tz=BERLIN,
            start=datetime(2026, 3, 29, tzinfo=BERLIN),
            end=datetime(2026, 3, 30, tzinfo=BERLIN),
            minutes=60,
        )
        assert slots == []
