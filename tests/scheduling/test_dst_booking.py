"""End to end across a daylight-saving change: a plan series keeps 17:00 on the practice's
wall clock on both sides, and a booking on the change day lands at the local time asked."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from petrissage.audit.services import Actor
from petrissage.scheduling.series import series_book
from tests.scheduling.helpers import approved_plan, book, give_hours

pytestmark = pytest.mark.django_db


def next_dst_change(tz, after: date) -> date:
    day = after
    while True:
        today = datetime.combine(day, time(12), tzinfo=tz).utcoffset()
        tomorrow = datetime.combine(day + timedelta(days=1), time(12), tzinfo=tz).utcoffset()
        if today != tomorrow:
            return day + timedelta(days=1)
        day += timedelta(days=1)


def test_a_series_across_a_dst_change_keeps_the_local_time(practice, patient, therapist, location):
    give_hours(therapist, location, weekdays=range(7))
    tz = practice.zone
    change = next_dst_change(tz, date.today() + timedelta(days=8))
    plan = approved_plan(patient, therapist, per_week=3, weeks=2)
    result = series_book(
        plan=plan,
        therapist=therapist,
        first_day=change - timedelta(days=5),
        weekdays=[0, 2, 4],
        at=time(17),
        actor=Actor.system(practice),
        booked_by=None,
    )
    starts = [a.starts_at.astimezone(tz) for a in result.booked]
    assert len(starts) == 6
    assert {s.time() for s in starts} == {time(17)}
    offsets = {s.utcoffset() for s in starts}
    assert len(offsets) == 2, "the series should straddle the change"
    assert {a.minutes for a in result.booked} == {60}


def test_a_booking_on_the_change_day_is_at_the_local_time(practice, patient, therapist, location):
    give_hours(therapist, location, weekdays=range(7))
    tz = practice.zone
    change = next_dst_change(tz, date.today() + timedelta(days=8))
    visit = book(patient, therapist, datetime.combine(change, time(9), tzinfo=tz))
    local = visit.starts_at.astimezone(tz)
    assert (local.date(), local.time()) == (change, time(9))
    assert visit.minutes == 60
    after = book(patient, therapist, datetime.combine(change, time(10), tzinfo=tz))
    assert after.starts_at == visit.ends_at
