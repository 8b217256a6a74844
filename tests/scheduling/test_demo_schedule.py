"""The demo schedule: hours for each therapist, four weeks of visits, a waitlist."""

from __future__ import annotations

import pytest
from django.utils import timezone

from petrissage.audit.services import Actor
from petrissage.practice.models import Role
from petrissage.scheduling.demo import build_schedule
from petrissage.scheduling.models import Appointment, AppointmentStatus, WaitlistEntry, WorkingHours
from tests import factories
from tests.scheduling.helpers import add_location


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
