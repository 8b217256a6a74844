"""The demo schedule: hours for each therapist, four weeks of visits, a waitlist."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from django.utils import timezone

from petrissage.audit.services import Actor
from petrissage.clinical.models import NoteStatus, SessionNote
from petrissage.practice.models import Role
from petrissage.scheduling.demo import build_schedule
from petrissage.scheduling.models import Appointment, AppointmentStatus, WaitlistEntry, WorkingHours
from tests import factories
from tests.scheduling.helpers import add_location, approved_plan


@pytest.mark.django_db
def test_build_schedule_makes_a_lived_in_calendar(practice):
    add_location(practice, rooms=3)
    for _ in range(3):
        factories.make_staff(practice, Role.THERAPIST)
    for _ in range(30):
        factories.make_patient(practice)
    result = build_schedule(practice, Actor.system(practice), timezone.localdate())
    assert WorkingHours.objects.filter(practice=practice).count() == 15
    statuses = set(Appointment.objects.values_list("status", flat=True))
    assert {
        AppointmentStatus.COMPLETED,
        AppointmentStatus.BOOKED,
        AppointmentStatus.CANCELLED,
    } <= statuses
    assert result.appointments > 100
    assert WaitlistEntry.objects.count() == 4
    now = timezone.now()
    assert (
        not Appointment.objects.filter(starts_at__lt=now, status=AppointmentStatus.BOOKED)
        .exclude(ends_at__gt=now)
        .exists()
    )


@pytest.mark.django_db
def test_demo_visits_follow_the_cases_signed_sessions_and_plans(practice):
    add_location(practice, rooms=3)
    therapists = [factories.make_staff(practice, Role.THERAPIST) for _ in range(2)]
    patients = [factories.make_patient(practice) for _ in range(10)]
    today = timezone.localdate(timezone=practice.zone)
    plan = approved_plan(patients[0], therapists[1], per_week=2, weeks=3)
    signed_on = today - timedelta(days=3)
    note = SessionNote.objects.create(
        practice=practice,
        patient=patients[0],
        case=plan.case,
        therapist=therapists[1],
        session_date=signed_on,
        status=NoteStatus.SIGNED,
        signed_at=datetime.combine(signed_on, time(18), tzinfo=UTC),
        signed_by=therapists[1],
    )
    build_schedule(practice, Actor.system(practice), today)
    visits = Appointment.objects.filter(patient=patients[0])
    completed = visits.filter(status=AppointmentStatus.COMPLETED, therapist=note.therapist)
    on_the_day = [v for v in completed if v.starts_at.astimezone(practice.zone).date() == signed_on]
    assert on_the_day, "the signed session has its completed visit"
    series = visits.filter(series__isnull=False, series__plan=plan)
    assert series.count() == 6
    assert all(v.case_id == plan.case_id for v in visits)
