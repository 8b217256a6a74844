"""Builders for scheduling tests: a clinic with hours and rooms, plans, future weekdays."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from petrissage.audit.services import Actor
from petrissage.clinical.models import Case, PlanStatus, Screening, TreatmentPlan
from petrissage.practice.models import Location, Practice, Room, Staff
from petrissage.practice.services import location_create, room_create
from petrissage.scheduling import services
from petrissage.scheduling.booking import appointment_book, prepare_visit


def next_weekday(weekday: int, *, after: date | None = None, weeks_ahead: int = 1) -> date:
    """A date with this weekday at least `weeks_ahead` weeks from today (never the past)."""
    day = (after or timezone.localdate()) + timedelta(weeks=weeks_ahead)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def local(practice: Practice, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=practice.zone)


def add_location(practice: Practice, name: str = "Main", rooms: int = 2) -> Location:
    actor = Actor.system(practice)
    location = location_create(practice=practice, name=name, actor=actor)
    for n in range(1, rooms + 1):
        room_create(location=location, name=f"Room {n}", actor=actor)
    return location


def give_hours(
    therapist: Staff,
    location: Location,
    *,
    weekdays: range | list[int] = range(0, 6),
    start: time = time(8, 0),
    end: time = time(18, 0),
) -> None:
    actor = Actor.system(therapist.practice)
    for weekday in weekdays:
        services.working_hours_add(
            therapist=therapist,
            actor=actor,
            location=location,
            weekday=weekday,
            start=start,
            end=end,
        )


def book(patient, therapist, start: datetime, kind: str = "treatment-60", **extra):
    visit = prepare_visit(
        practice=patient.practice,
        patient=patient,
        therapist=therapist,
        kind_code=kind,
        start=start,
        **extra,
    )
    return appointment_book(visit=visit, actor=Actor.system(patient.practice), booked_by=None)


def approved_plan(patient, therapist, *, per_week: int = 2, weeks: int = 4, minutes: int = 60):
    case = Case.objects.create(
        practice=patient.practice,
        patient=patient,
        therapist=therapist,
        title="Chronic low back pain",
        opened_on=timezone.localdate(),
    )
    return TreatmentPlan.objects.create(
        practice=patient.practice,
        case=case,
        version=1,
        status=PlanStatus.APPROVED,
        session_minutes=minutes,
        sessions_per_week=per_week,
        weeks=weeks,
        total_visits=per_week * weeks,
        created_by=therapist,
        approved_by=therapist,
        approved_at=timezone.now(),
    )


def block_treatment(patient) -> Screening:
    return Screening.objects.create(
        practice=patient.practice,
        patient=patient,
        rules_version="test",
        trigger="test",
        computed_at=timezone.now(),
        is_current=True,
        blocks_treatment=True,
    )


def first_room(location: Location) -> Room:
    return location.rooms.order_by("pk").first()
