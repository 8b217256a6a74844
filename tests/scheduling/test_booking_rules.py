"""Booking one visit: back-to-back is fine, overlap is refused, bad input names its field."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from petrissage.audit.models import AuditEvent
from petrissage.audit.services import Actor
from petrissage.practice.models import Role
from petrissage.scheduling import services
from petrissage.scheduling.booking import BookingConflict, appointment_move
from petrissage.scheduling.models import Appointment, AppointmentStatus
from tests import factories
from tests.scheduling.helpers import add_location, book, first_room, local, next_weekday

pytestmark = pytest.mark.django_db

MONDAY = 0


@pytest.fixture
def monday():
    return next_weekday(MONDAY)


def test_back_to_back_visits_are_allowed(patient, working_therapist, monday, practice):
    first = book(patient, working_therapist, local(practice, monday, 10))
    second = book(patient, working_therapist, local(practice, monday, 11))
    assert first.ends_at == second.starts_at


def test_an_overlapping_visit_is_refused_with_the_reason(
    patient, working_therapist, monday, practice
):
    book(patient, working_therapist, local(practice, monday, 10))
    with pytest.raises(BookingConflict, match="Overlaps another appointment"):
        book(patient, working_therapist, local(practice, monday, 10, 30))
    assert Appointment.objects.count() == 1


def test_the_booking_writes_its_audit_event(patient, working_therapist, monday, practice):
    appointment = book(patient, working_therapist, local(practice, monday, 10))
    event = AuditEvent.objects.filter(action="appointment.book").get()
    assert event.category == "scheduling"
    assert event.detail["appointment"] == appointment.pk


def test_a_room_is_chosen_and_never_shared(
    practice, location, working_therapist, second_therapist, monday
):
    one, two, three = (factories.make_patient(practice) for _ in range(3))
    a = book(one, working_therapist, local(practice, monday, 9))
    b = book(two, second_therapist, local(practice, monday, 9))
    assert {a.room_id, b.room_id} == set(location.rooms.values_list("pk", flat=True))
    third = factories.make_staff(practice, Role.THERAPIST, "third")
    from tests.scheduling.helpers import give_hours

    give_hours(third, location)
    with pytest.raises(BookingConflict, match="room"):
        book(three, third, local(practice, monday, 9, 30))


@pytest.mark.parametrize(
    ("minutes", "field"),
    [(0, "minutes"), (720, "minutes"), (7, "minutes")],
)
def test_bad_lengths_name_the_field(patient, working_therapist, monday, practice, minutes, field):
    with pytest.raises(ValidationError) as error:
        book(patient, working_therapist, local(practice, monday, 10), minutes=minutes)
    assert field in error.value.message_dict


def test_outside_working_hours_is_refused(patient, working_therapist, monday, practice):
    with pytest.raises(ValidationError, match=r"outside .* working hours"):
        book(patient, working_therapist, local(practice, monday, 17, 30))
    sunday = monday + timedelta(days=6)
    with pytest.raises(ValidationError) as error:
        book(patient, working_therapist, local(practice, sunday, 10))
    assert "start" in error.value.message_dict


def test_the_past_is_refused(patient, working_therapist, practice):
    past = timezone.now() - timedelta(days=7)
    with pytest.raises(ValidationError, match="in the past"):
        book(patient, working_therapist, past)


def test_a_naive_start_is_refused(patient, working_therapist, monday):
    from datetime import datetime

    with pytest.raises(ValidationError) as error:
        book(patient, working_therapist, datetime.combine(monday, time(10)))
    assert "start" in error.value.message_dict


def test_breaks_and_time_off_are_respected(patient, working_therapist, monday, practice):
    actor = Actor.system(practice)
    services.break_add(therapist=working_therapist, actor=actor, start=time(12), end=time(13))
    with pytest.raises(ValidationError, match="break"):
        book(patient, working_therapist, local(practice, monday, 12, 30), minutes=30)
    services.time_off_add(
        therapist=working_therapist, actor=actor, kind="sick day", first_day=monday, last_day=monday
    )
    with pytest.raises(ValidationError, match="sick day"):
        book(patient, working_therapist, local(practice, monday, 9))


def test_another_practices_therapist_room_or_patient_is_refused(
    patient, working_therapist, outsider, other_practice, monday, practice
):
    with pytest.raises(ValidationError) as error:
        book(patient, outsider, local(practice, monday, 10))
    assert "therapist" in error.value.message_dict
    foreign_room = first_room(add_location(other_practice, "Elsewhere"))
    with pytest.raises(ValidationError) as error:
        book(patient, working_therapist, local(practice, monday, 10), room=foreign_room)
    assert "room" in error.value.message_dict
    stranger = factories.make_patient(other_practice)
    from petrissage.scheduling.booking import prepare_visit

    with pytest.raises(ValidationError) as error:
        prepare_visit(
            practice=practice,
            patient=stranger,
            therapist=working_therapist,
            kind_code="treatment-60",
            start=local(practice, monday, 10),
        )
    assert "patient" in error.value.message_dict


def test_an_unknown_type_names_the_kind_field(patient, working_therapist, monday, practice):
    with pytest.raises(ValidationError) as error:
        book(patient, working_therapist, local(practice, monday, 10), kind="hot-stones")
    assert "kind" in error.value.message_dict


def test_moving_onto_another_visit_is_refused_and_changes_nothing(
    practice, patient, working_therapist, monday
):
    first = book(patient, working_therapist, local(practice, monday, 10))
    second = book(factories.make_patient(practice), working_therapist, local(practice, monday, 14))
    with pytest.raises(BookingConflict):
        appointment_move(
            appointment=second, actor=Actor.system(practice), start=local(practice, monday, 10, 30)
        )
    second.refresh_from_db()
    assert second.starts_at == local(practice, monday, 14)
    moved = appointment_move(
        appointment=second, actor=Actor.system(practice), start=local(practice, monday, 11)
    )
    assert moved.starts_at == first.ends_at


def test_a_cancelled_slot_can_be_booked_again(practice, patient, working_therapist, monday):
    first = book(patient, working_therapist, local(practice, monday, 10))
    services.appointment_cancel(appointment=first, actor=Actor.system(practice), reason="flu")
    again = book(factories.make_patient(practice), working_therapist, local(practice, monday, 10))
    assert again.status == AppointmentStatus.BOOKED


def test_the_database_itself_refuses_an_overlap(practice, patient, working_therapist, monday):
    """Bypass the service: the exclusion constraint (PostgreSQL) or trigger (SQLite) holds."""
    first = book(patient, working_therapist, local(practice, monday, 10))
    with pytest.raises(IntegrityError, match="no_overlap"), transaction.atomic():
        Appointment.objects.create(
            practice=practice,
            patient=patient,
            therapist=working_therapist,
            kind="treatment-60",
            starts_at=first.starts_at + timedelta(minutes=30),
            ends_at=first.ends_at + timedelta(minutes=30),
        )
    assert connection.vendor in ("sqlite", "postgresql")
