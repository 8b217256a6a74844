"""Book the plan: series dates on the wall clock, and the conflicts standing in the way."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from petrissage.domain.scheduling import (
    Busy,
    ConflictKind,
    ScheduleException,
    SchedulingError,
    TimeOffKind,
    find_conflicts,
    series_dates,
)

LA = ZoneInfo("America/Los_Angeles")
BERLIN = ZoneInfo("Europe/Berlin")
TUESDAY, THURSDAY = 1, 3


def iso(moments) -> list[str]:
    return [moment.isoformat() for moment in moments]


def tue_thu_evenings(first_start: datetime, *, weeks: int = 4, tz: ZoneInfo = LA, **options):
    options.setdefault("per_week", 2)
    options.setdefault("preferred_weekdays", [TUESDAY, THURSDAY])
    return series_dates(first_start, weeks=weeks, preferred_time=time(17, 30), tz=tz, **options)


class TestSeriesDates:
    def test_twice_a_week_for_four_weeks_across_spring_forward(self):
        series = tue_thu_evenings(datetime(2026, 3, 2, 9, 0, tzinfo=LA))  # a Monday
        assert iso(series) == [
            "2026-03-03T17:30:00-08:00",
            "2026-03-05T17:30:00-08:00",
            "2026-03-10T17:30:00-07:00",  # PDT from 2026-03-08, still 17:30 on the wall
            "2026-03-12T17:30:00-07:00",
            "2026-03-17T17:30:00-07:00",
            "2026-03-19T17:30:00-07:00",
            "2026-03-24T17:30:00-07:00",
            "2026-03-26T17:30:00-07:00",
        ]

    def test_across_fall_back(self):
        series = tue_thu_evenings(datetime(2026, 10, 27, 0, 0, tzinfo=LA), weeks=2)
        assert iso(series) == [
            "2026-10-27T17:30:00-07:00",
            "2026-10-29T17:30:00-07:00",
            "2026-11-03T17:30:00-08:00",
            "2026-11-05T17:30:00-08:00",
        ]

    def test_berlin_across_spring_forward(self):
        series = tue_thu_evenings(datetime(2026, 3, 24, tzinfo=BERLIN), weeks=2, tz=BERLIN)
        assert iso(series) == [
            "2026-03-24T17:30:00+01:00",
            "2026-03-26T17:30:00+01:00",
            "2026-03-31T17:30:00+02:00",
            "2026-04-02T17:30:00+02:00",
        ]

    def test_first_start_itself_is_the_first_visit_when_it_matches(self):
        first = datetime(2026, 3, 3, 17, 30, tzinfo=LA)
        assert tue_thu_evenings(first)[0] == first

    def test_too_late_on_a_preferred_day_moves_to_the_next(self):
        series = tue_thu_evenings(datetime(2026, 3, 3, 18, 0, tzinfo=LA), weeks=1)
        assert iso(series) == ["2026-03-05T17:30:00-08:00", "2026-03-10T17:30:00-07:00"]

    def test_first_start_in_utc_is_read_as_an_instant(self):
        # 2026-03-04 01:00 UTC is still Tuesday 17:00 in Los Angeles
        series = tue_thu_evenings(datetime(2026, 3, 4, 1, 0, tzinfo=UTC), weeks=1)
        assert iso(series)[0] == "2026-03-03T17:30:00-08:00"

    def test_fewer_visits_than_preferred_days_take_the_first_in_each_period(self):
        series = tue_thu_evenings(
            datetime(2026, 6, 17, tzinfo=LA),  # a Wednesday
            per_week=2,
            preferred_weekdays=[0, 2, 4],  # Mon / Wed / Fri
            weeks=2,
        )
        assert iso(series) == [
            "2026-06-17T17:30:00-07:00",
            "2026-06-19T17:30:00-07:00",
            "2026-06-24T17:30:00-07:00",
            "2026-06-26T17:30:00-07:00",
        ]

    def test_count_is_per_week_times_weeks(self):
        series = tue_thu_evenings(
            datetime(2026, 1, 1, tzinfo=LA), per_week=3, preferred_weekdays=[0, 2, 4], weeks=10
        )
        assert len(series) == 30
        assert len(set(series)) == 30

    def test_preferred_time_in_the_gap_becomes_the_jump(self):
        series = series_dates(
            datetime(2026, 3, 2, tzinfo=LA),  # a Monday
            per_week=1,
            weeks=1,
            preferred_weekdays=[6],
            preferred_time=time(2, 30),
            tz=LA,
        )
        assert iso(series) == ["2026-03-08T03:00:00-07:00"]

    @pytest.mark.parametrize(
        ("options", "field"),
        [
            ({"per_week": 0}, "per_week"),
            ({"per_week": 3}, "preferred_weekdays"),
            ({"weeks": 0}, "weeks"),
            ({"weeks": 53}, "weeks"),
            ({"preferred_weekdays": [1, 1]}, "preferred_weekdays"),
            ({"preferred_weekdays": [1, 7]}, "preferred_weekdays"),
        ],
    )
    def test_bad_plan_names_the_field(self, options, field):
        with pytest.raises(SchedulingError, match=f"^{field}:"):
            tue_thu_evenings(datetime(2026, 3, 2, tzinfo=LA), **options)

    def test_naive_first_start_is_refused(self):
        with pytest.raises(SchedulingError, match=r"^first_start:"):
            tue_thu_evenings(datetime(2026, 3, 2))


class TestFindConflicts:
    series = (
        datetime(2026, 3, 3, 17, 30, tzinfo=LA),
        datetime(2026, 3, 5, 17, 30, tzinfo=LA),
        datetime(2026, 3, 10, 17, 30, tzinfo=LA),
    )

    def test_no_conflicts(self):
        assert find_conflicts(self.series, [], minutes=60) == []

    def test_overlap_with_an_existing_appointment(self):
        busy = Busy(
            datetime(2026, 3, 5, 18, 0, tzinfo=LA),
            datetime(2026, 3, 5, 19, 0, tzinfo=LA),
            label="J. Doe",
        )
        [conflict] = find_conflicts(self.series, [busy], minutes=60)
        assert (conflict.index, conflict.kind, conflict.busy) == (1, ConflictKind.APPOINTMENT, busy)
        assert conflict.end.isoformat() == "2026-03-05T18:30:00-08:00"
        assert "J. Doe" in conflict.reason

    def test_back_to_back_is_not_a_conflict(self):
        before = Busy(datetime(2026, 3, 3, 16, 30, tzinfo=LA), self.series[0])
        after = Busy(self.series[0] + timedelta(hours=1), self.series[0] + timedelta(hours=2))
        assert find_conflicts(self.series, [before, after], minutes=60) == []

    def test_turnover_on_either_side_makes_a_conflict(self):
        before = Busy(datetime(2026, 3, 3, 16, 30, tzinfo=LA), self.series[0], buffer_after=10)
        after = Busy(self.series[1] + timedelta(hours=1), self.series[1] + timedelta(hours=2))
        conflicts = find_conflicts(self.series, [before, after], minutes=60, buffer_after=10)
        assert [c.index for c in conflicts] == [0, 1]

    def test_whole_day_time_off(self):
        holiday = ScheduleException.whole_days(
            date(2026, 3, 10), date(2026, 3, 10), TimeOffKind.HOLIDAY, "Clinic closed"
        )
        [conflict] = find_conflicts(self.series, [], minutes=60, time_off=[holiday], tz=LA)
        assert (conflict.index, conflict.kind) == (2, ConflictKind.TIME_OFF)
        assert conflict.reason == "falls in time off (holiday: Clinic closed)."

    def test_whole_day_time_off_needs_the_time_zone(self):
        holiday = ScheduleException.whole_days(
            date(2026, 3, 10), date(2026, 3, 10), TimeOffKind.HOLIDAY
        )
        with pytest.raises(SchedulingError, match=r"^tz:"):
            find_conflicts(self.series, [], minutes=60, time_off=[holiday])

    def test_visits_of_the_same_series_that_overlap(self):
        clash = (self.series[0], self.series[0] + timedelta(minutes=30))
        conflicts = find_conflicts(clash, [], minutes=60)
        assert [(c.index, c.other_index, c.kind) for c in conflicts] == [
            (0, 1, ConflictKind.SERIES),
            (1, 0, ConflictKind.SERIES),
        ]

    def test_fall_back_night_is_compared_by_instant(self):
        first_one = datetime(2026, 11, 1, 1, 0, tzinfo=LA)  # 01:00 PDT
        second_one = first_one.replace(fold=1)  # 01:00 PST, an hour later
        busy = Busy(second_one, datetime(2026, 11, 1, 2, 0, tzinfo=LA))
        assert find_conflicts([first_one], [busy], minutes=60) == []
        assert [c.index for c in find_conflicts([second_one], [busy], minutes=60)] == [0]

    def test_bad_input_names_the_field(self):
        with pytest.raises(SchedulingError, match=r"^proposed\[1\]:"):
            find_conflicts([self.series[0], datetime(2026, 3, 5, 17, 30)], [], minutes=60)
        with pytest.raises(SchedulingError, match=r"^minutes:"):
            find_conflicts(self.series, [], minutes=12 * 60)
