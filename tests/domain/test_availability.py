"""Open slots on ordinary days: hours, breaks, time off, busy blocks, buffers, rooms.

Times are asserted as ISO strings with their UTC offset, cronsim-style. The practice
is in America/Los_Angeles; 2026-06-15 is a Monday (PDT, -07:00).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from petrissage.domain.scheduling import (
    DEFAULT_APPOINTMENT_TYPES,
    AppointmentType,
    Break,
    Busy,
    RoomCalendar,
    ScheduleException,
    SchedulingError,
    TherapistCalendar,
    TimeOffKind,
    WeeklyHours,
    appointment_type,
    check_appointment_times,
    first_open_slots_any,
    open_slots,
    overlaps,
)

LA = ZoneInfo("America/Los_Angeles")
MONDAY = date(2026, 6, 15)
MON_9_TO_12 = WeeklyHours(0, time(9, 0), time(12, 0))


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LA)


def starts(slots) -> list[str]:
    return [slot.start.isoformat() for slot in slots]


def monday_slots(hours=(MON_9_TO_12,), breaks=(), exceptions=(), busy=(), **options):
    options.setdefault("minutes", 60)
    options.setdefault("step_minutes", 30)
    return open_slots(
        list(hours),
        list(breaks),
        list(exceptions),
        list(busy),
        tz=LA,
        start=at(0),
        end=at(0, day=MONDAY + timedelta(days=1)),
        **options,
    )


class TestOverlaps:
    @pytest.mark.parametrize(
        ("a", "b", "expected"),
        [
            ((10, 11), (10.5, 11.5), True),  # 10:00–11:00 vs 10:30–11:30
            ((10, 11), (11, 12), False),  # back-to-back
            ((11, 12), (10, 11), False),
            ((10, 12), (10.5, 11), True),  # containment
            ((10, 11), (10, 11), True),
            ((10, 10), (9, 11), False),  # an empty interval overlaps nothing
        ],
    )
    def test_half_open_intervals(self, a, b, expected):
        def instant(hours: float) -> datetime:
            return at(0) + timedelta(hours=hours)

        assert overlaps(instant(a[0]), instant(a[1]), instant(b[0]), instant(b[1])) is expected

    def test_compares_instants_not_wall_times_on_fall_back_night(self):
        first_one_thirty = datetime(2026, 11, 1, 1, 30, tzinfo=LA)  # PDT
        second_one_thirty = first_one_thirty.replace(fold=1)  # PST, an hour later
        quarter_past = datetime(2026, 11, 1, 1, 15, tzinfo=LA)
        assert not overlaps(
            quarter_past,
            first_one_thirty,
            second_one_thirty.replace(minute=0),
            second_one_thirty.replace(minute=20),
        )


class TestWorkingHours:
    def test_slots_step_through_the_working_window(self):
        assert starts(monday_slots()) == [
            "2026-06-15T09:00:00-07:00",
            "2026-06-15T09:30:00-07:00",
            "2026-06-15T10:00:00-07:00",
            "2026-06-15T10:30:00-07:00",
            "2026-06-15T11:00:00-07:00",
        ]

    def test_slot_ends_by_closing_time(self):
        last = monday_slots(minutes=90)[-1]
        assert (last.start.isoformat(), last.end.isoformat()) == (
            "2026-06-15T10:30:00-07:00",
            "2026-06-15T12:00:00-07:00",
        )

    def test_no_hours_that_weekday_means_no_slots(self):
        assert monday_slots(hours=[WeeklyHours(1, time(9), time(12))]) == []

    def test_touching_hours_merge_into_one_window(self):
        split = [WeeklyHours(0, time(9), time(10, 30)), WeeklyHours(0, time(10, 30), time(12))]
        assert starts(monday_slots(hours=split)) == starts(monday_slots())

    def test_slots_carry_the_location_of_their_hours(self):
        hours = [
            WeeklyHours(0, time(9), time(10), "north"),
            WeeklyHours(0, time(14), time(15), "south"),
        ]
        assert [(s.start.hour, s.location_id) for s in monday_slots(hours=hours)] == [
            (9, "north"),
            (14, "south"),
        ]

    def test_not_before_hides_earlier_starts(self):
        assert starts(monday_slots(not_before=at(10, 10)))[0] == "2026-06-15T10:30:00-07:00"

    def test_search_window_bounds_the_start_only(self):
        slots = open_slots(
            [MON_9_TO_12],
            [],
            [],
            [],
            tz=LA,
            start=at(9, 30),
            end=at(10, 30),
            minutes=60,
            step_minutes=30,
        )
        assert starts(slots) == ["2026-06-15T09:30:00-07:00", "2026-06-15T10:00:00-07:00"]

    def test_search_given_in_utc_finds_the_same_local_slots(self):
        slots = open_slots(
            [MON_9_TO_12],
            [],
            [],
            [],
            tz=LA,
            start=at(0).astimezone(UTC),
            end=at(23).astimezone(UTC),
            minutes=60,
            step_minutes=30,
        )
        assert starts(slots) == starts(monday_slots())

    def test_weekly_hours_repeat_every_week(self):
        slots = open_slots(
            [MON_9_TO_12],
            [],
            [],
            [],
            tz=LA,
            start=at(0),
            end=at(0) + timedelta(days=14),
            minutes=180,
        )
        assert starts(slots) == ["2026-06-15T09:00:00-07:00", "2026-06-22T09:00:00-07:00"]


class TestBreaksAndTimeOff:
    def test_break_removes_slots_that_touch_it(self):
        lunch = Break(time(10, 30), time(11, 0))
        assert starts(monday_slots(breaks=[lunch])) == [
            "2026-06-15T09:00:00-07:00",
            "2026-06-15T09:30:00-07:00",
            "2026-06-15T11:00:00-07:00",
        ]

    def test_break_for_another_weekday_is_ignored(self):
        assert monday_slots(breaks=[Break(time(9), time(12), weekday=2)]) == monday_slots()

    def test_whole_day_holiday_blocks_the_day(self):
        holiday = ScheduleException.whole_days(MONDAY, MONDAY, TimeOffKind.HOLIDAY, "Closed")
        assert monday_slots(exceptions=[holiday]) == []

    def test_holiday_the_day_before_does_not_leak(self):
        sunday = MONDAY - timedelta(days=1)
        sick = ScheduleException.whole_days(sunday, sunday, TimeOffKind.SICK_DAY)
        assert monday_slots(exceptions=[sick]) == monday_slots()

    def test_partial_time_off_blocks_only_its_hours(self):
        dentist = ScheduleException.between(at(9, 0), at(10, 0), TimeOffKind.OTHER, "Dentist")
        assert starts(monday_slots(exceptions=[dentist]))[0] == "2026-06-15T10:00:00-07:00"


class TestBusyAndBuffers:
    def test_back_to_back_with_an_existing_appointment_is_allowed(self):
        busy = Busy(at(10), at(11))
        assert starts(monday_slots(busy=[busy])) == [
            "2026-06-15T09:00:00-07:00",
            "2026-06-15T11:00:00-07:00",
        ]

    def test_existing_buffer_delays_the_next_start(self):
        busy = Busy(at(9), at(10), buffer_after=15)
        assert starts(monday_slots(busy=[busy], step_minutes=15))[0] == "2026-06-15T10:15:00-07:00"

    def test_new_buffer_must_clear_the_next_appointment(self):
        busy = Busy(at(11), at(12))
        assert starts(monday_slots(busy=[busy], buffer_after=10)) == [
            "2026-06-15T09:00:00-07:00",
            "2026-06-15T09:30:00-07:00",
        ]  # 10:00–11:00 fits, but its turnover to 11:10 would run into the 11:00 visit

    def test_new_buffer_may_run_past_closing(self):
        assert starts(monday_slots(buffer_after=30))[-1] == "2026-06-15T11:00:00-07:00"

    def test_busy_given_in_utc_blocks_the_same_instant(self):
        busy = Busy(at(10).astimezone(UTC), at(11).astimezone(UTC))
        assert monday_slots(busy=[busy]) == monday_slots(busy=[Busy(at(10), at(11))])


class TestValidation:
    @pytest.mark.parametrize(
        ("options", "field"),
        [
            ({"minutes": 0}, "minutes"),
            ({"minutes": 12 * 60}, "minutes"),
            ({"minutes": 62}, "minutes"),
            ({"buffer_after": 7}, "buffer_after"),
            ({"step_minutes": 0}, "step_minutes"),
            ({"not_before": datetime(2026, 6, 15, 9)}, "not_before"),
        ],
    )
    def test_bad_search_names_the_field(self, options, field):
        with pytest.raises(SchedulingError, match=f"^{field}:") as caught:
            monday_slots(**options)
        assert caught.value.field == field

    def test_search_end_before_start_is_refused(self):
        with pytest.raises(SchedulingError, match=r"^end: must be after start"):
            open_slots([], [], [], [], tz=LA, start=at(12), end=at(9), minutes=60)

    def test_naive_search_start_is_refused(self):
        with pytest.raises(SchedulingError, match=r"^start: needs a time zone"):
            open_slots([], [], [], [], tz=LA, start=datetime(2026, 6, 15), end=at(9), minutes=60)

    @pytest.mark.parametrize(
        ("start", "end", "message"),
        [
            (at(10), at(9), "^end: must be after start"),
            (at(10), at(10), "^end: must be after start"),
            (at(8), at(20), "^end: an appointment may last at most 8 hours"),
            (at(10), at(10, 7), "^end: the length must be a multiple of 5"),
            (datetime(2026, 6, 15, 10), at(11), "^start: needs a time zone"),
            (at(10), datetime(2026, 6, 15, 11), "^end: needs a time zone"),
        ],
    )
    def test_bad_appointment_times_are_refused(self, start, end, message):
        with pytest.raises(SchedulingError, match=message):
            check_appointment_times(start, end)

    def test_eight_hours_is_the_longest_appointment(self):
        assert check_appointment_times(at(9), at(17)) == 480

    def test_weekly_hours_check_themselves(self):
        with pytest.raises(SchedulingError, match=r"^weekday:"):
            WeeklyHours(7, time(9), time(17))
        with pytest.raises(SchedulingError, match=r"^end: must be after start"):
            WeeklyHours(0, time(17), time(9))

    def test_busy_must_be_aware(self):
        with pytest.raises(SchedulingError, match=r"^start:"):
            Busy(datetime(2026, 6, 15, 10), at(11))

    def test_time_off_needs_days_or_instants(self):
        with pytest.raises(SchedulingError, match=r"^first_day:"):
            ScheduleException(kind=TimeOffKind.OTHER)
        with pytest.raises(SchedulingError, match=r"^last_day:"):
            ScheduleException.whole_days(MONDAY, MONDAY - timedelta(days=1), TimeOffKind.HOLIDAY)


class TestAppointmentTypes:
    def test_defaults(self):
        assert {t.code: t.minutes for t in DEFAULT_APPOINTMENT_TYPES} == {
            "initial-assessment": 75,
            "treatment-30": 30,
            "treatment-45": 45,
            "treatment-60": 60,
            "treatment-90": 90,
            "reassessment": 45,
        }
        assert appointment_type("initial-assessment").buffer_after == 10

    def test_unknown_code_and_bad_length_are_refused(self):
        with pytest.raises(SchedulingError, match=r"^code:"):
            appointment_type("nope")
        with pytest.raises(SchedulingError, match=r"^minutes:"):
            AppointmentType("long", "Long", 12 * 60)


class TestAnyTherapistAndRooms:
    def calendars(self):
        return {
            "ana": TherapistCalendar([MON_9_TO_12], busy=[Busy(at(9), at(10))]),
            "ben": TherapistCalendar([MON_9_TO_12]),
        }

    def search(self, therapists, **options):
        return first_open_slots_any(
            therapists, tz=LA, start=at(0), end=at(23), minutes=60, step_minutes=60, **options
        )

    def test_first_free_therapist_in_preference_order(self):
        choices = self.search(self.calendars())
        assert [(c.slot.start.isoformat(), c.therapist_id) for c in choices] == [
            ("2026-06-15T09:00:00-07:00", "ben"),
            ("2026-06-15T10:00:00-07:00", "ana"),
            ("2026-06-15T11:00:00-07:00", "ana"),
        ]

    def test_limit(self):
        assert len(self.search(self.calendars(), limit=1)) == 1

    def test_a_slot_needs_a_free_room_too(self):
        rooms = {"room-1": RoomCalendar(busy=[Busy(at(10), at(11), buffer_after=10)])}
        choices = self.search(self.calendars(), rooms=rooms)
        assert [(c.slot.start.hour, c.therapist_id, c.room_id) for c in choices] == [
            (9, "ben", "room-1")
        ]  # 10:00 is taken, and room turnover runs to 11:10

    def test_second_room_is_used_when_the_first_is_taken(self):
        rooms = {
            "room-1": RoomCalendar(busy=[Busy(at(9), at(12))]),
            "room-2": RoomCalendar(),
        }
        assert {c.room_id for c in self.search(self.calendars(), rooms=rooms)} == {"room-2"}

    def test_room_must_be_at_the_slots_location(self):
        therapists = {"ana": TherapistCalendar([WeeklyHours(0, time(9), time(10), "north")])}
        rooms = {"south-1": RoomCalendar(location_id="south"), "north-1": RoomCalendar("north")}
        assert [c.room_id for c in self.search(therapists, rooms=rooms)] == ["north-1"]

    def test_room_out_of_service(self):
        closed = ScheduleException.whole_days(MONDAY, MONDAY, TimeOffKind.OTHER, "Repainting")
        rooms = {"room-1": RoomCalendar(out_of_service=[closed])}
        assert self.search(self.calendars(), rooms=rooms) == []

    def test_no_rooms_at_all_means_no_slots_when_a_room_is_required(self):
        assert self.search(self.calendars(), rooms={}) == []

    def test_bad_limit(self):
        with pytest.raises(SchedulingError, match=r"^limit:"):
            self.search(self.calendars(), limit=0)
