"""Book the plan: preview conflicts first; a series books whole, or not at all, unless the
user chose to skip conflicting visits; it moves and cancels as a whole or one visit."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError

from petrissage.audit.services import Actor
from petrissage.clinical.models import PlanStatus
from petrissage.scheduling import services
from petrissage.scheduling.booking import appointment_move
from petrissage.scheduling.models import Appointment, AppointmentSeries, AppointmentStatus
from petrissage.scheduling.series import (
    SeriesConflict,
    series_book,
    series_cancel,
    series_move,
    series_preview,
)
from tests import factories
from tests.scheduling.helpers import approved_plan, book, local, next_weekday

pytestmark = pytest.mark.django_db
TUE_THU = [1, 3]


@pytest.fixture
def plan(patient, working_therapist):
    return approved_plan(patient, working_therapist, per_week=2, weeks=4)


def _args(plan, therapist, first_day, at=time(16)):
    return {
        "plan": plan,
        "therapist": therapist,
        "first_day": first_day,
        "weekdays": TUE_THU,
        "at": at,
    }


def test_the_preview_lists_every_visit_and_writes_nothing(plan, working_therapist):
    visits = series_preview(**_args(plan, working_therapist, next_weekday(0)))
    assert len(visits) == 8
    assert all(v.ok for v in visits)
    assert [v.start.astimezone(plan.practice.zone).weekday() for v in visits[:2]] == TUE_THU
    assert Appointment.objects.count() == 0


def test_a_conflict_stops_the_whole_series(plan, working_therapist, practice):
    monday = next_weekday(0)
    other = factories.make_patient(practice)
    book(other, working_therapist, local(practice, monday + timedelta(days=8), 16, 30), minutes=30)
    with pytest.raises(SeriesConflict) as error:
        series_book(
            **_args(plan, working_therapist, monday), actor=Actor.system(practice), booked_by=None
        )
    bad = [v for v in error.value.visits if not v.ok]
    assert [v.number for v in bad] == [3]
    assert "already booked" in bad[0].problems[0]
    assert AppointmentSeries.objects.count() == 0
    assert Appointment.objects.filter(patient=plan.case.patient).count() == 0


def test_skipping_conflicts_books_the_rest_linked_as_a_series(plan, working_therapist, practice):
    monday = next_weekday(0)
    book(
        factories.make_patient(practice),
        working_therapist,
        local(practice, monday + timedelta(days=8), 16),
    )
    result = series_book(
        **_args(plan, working_therapist, monday),
        actor=Actor.system(practice),
        booked_by=None,
        skip_conflicts=True,
    )
    assert len(result.booked) == 7
    assert [v.number for v in result.skipped] == [3]
    assert result.series.skipped_visits == 1
    assert all(a.series_id == result.series.pk and a.case_id == plan.case_id for a in result.booked)


def test_only_an_approved_plan_can_be_booked(plan, working_therapist):
    plan.status = PlanStatus.DRAFT
    plan.save()
    with pytest.raises(ValidationError) as error:
        series_preview(**_args(plan, working_therapist, next_weekday(0)))
    assert "plan" in error.value.message_dict


def test_too_few_weekdays_names_the_field(plan, working_therapist):
    with pytest.raises(ValidationError) as error:
        series_preview(**{**_args(plan, working_therapist, next_weekday(0)), "weekdays": [1]})
    assert "preferred_weekdays" in error.value.message_dict


def test_the_series_moves_and_cancels_as_a_whole_or_one_visit(plan, working_therapist, practice):
    actor = Actor.system(practice)
    result = series_book(
        **_args(plan, working_therapist, next_weekday(0)), actor=actor, booked_by=None
    )
    moved = series_move(series=result.series, actor=actor, shift_days=1)
    tz = practice.zone
    assert sorted({a.starts_at.astimezone(tz).weekday() for a in moved}) == [2, 4]
    later = series_move(series=result.series, actor=actor, at=time(9, 30))
    assert {a.starts_at.astimezone(tz).time() for a in later} == {time(9, 30)}
    one = later[0]
    appointment_move(appointment=one, actor=actor, start=one.starts_at + timedelta(hours=2))
    one.refresh_from_db()
    assert one.series_id == result.series.pk
    services.appointment_cancel(appointment=one, actor=actor, reason="dentist")
    cancelled = series_cancel(series=result.series, actor=actor, reason="moving away")
    assert len(cancelled) == 7
    assert not result.series.appointments.filter(status=AppointmentStatus.BOOKED).exists()


def test_a_series_move_onto_a_taken_time_changes_nothing(plan, working_therapist, practice):
    actor = Actor.system(practice)
    result = series_book(
        **_args(plan, working_therapist, next_weekday(0)), actor=actor, booked_by=None
    )
    first = result.booked[0]
    book(factories.make_patient(practice), working_therapist, first.starts_at + timedelta(days=1))
    from petrissage.scheduling.booking import BookingConflict

    with pytest.raises(BookingConflict):
        series_move(series=result.series, actor=actor, shift_days=1)
    first.refresh_from_db()
    assert first.starts_at == result.booked[0].starts_at
