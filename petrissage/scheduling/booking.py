"""Booking and moving appointments: checked, locked, re-checked, inserted, audited.

Input problems raise `ValidationError` naming the field; a clash with another booking
raises `BookingConflict` (HTTP 409). The database refuses overlaps itself (db_guards);
this service re-checks inside its transaction so the refusal comes with a reason:

- SQLite: the transaction is IMMEDIATE, so it holds the write lock from BEGIN and the
  re-check cannot race another writer.
- PostgreSQL: the therapist and room rows are locked (FOR NO KEY UPDATE, in id order)
  before the re-check, and the exclusion constraints catch anything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.clinical.models import Case
from petrissage.domain.scheduling import (
    AppointmentType,
    Busy,
    RoomCalendar,
    SchedulingError,
    TherapistCalendar,
    appointment_type,
    check_appointment_times,
    first_free_room,
    overlaps,
)
from petrissage.domain.scheduling.availability import break_intervals, working_windows
from petrissage.domain.scheduling.clock import local_days
from petrissage.domain.scheduling.model import Slot
from petrissage.domain.scheduling.validation import check_minutes
from petrissage.patients.models import Patient
from petrissage.practice.models import Practice, Role, Room, Staff
from petrissage.scheduling import calendars, reminders
from petrissage.scheduling.db_guards import is_overlap_violation
from petrissage.scheduling.models import Appointment, AppointmentSeries


class BookingConflict(Exception):
    """The slot is taken (or was taken a moment ago); `reason` says by what."""

    def __init__(self, reason: str, clashes: list[Appointment] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.clashes = clashes or []


@dataclass(frozen=True)
class Visit:
    """A checked booking, ready to insert: who, when, where."""

    practice: Practice
    patient: Patient
    therapist: Staff
    kind: AppointmentType
    start: datetime
    end: datetime
    location_id: int | None
    room: Room | None
    case: Case | None = None
    series: AppointmentSeries | None = None
    notes: str = ""


def field_error(error: SchedulingError) -> ValidationError:
    return ValidationError({error.field: error.problem})


def resolve_kind(code: str, minutes: int | None) -> tuple[AppointmentType, int]:
    """The appointment type and the length to book (the type's, unless given)."""
    try:
        kind = appointment_type(code)
        length = kind.minutes if minutes is None else minutes
        check_minutes("minutes", length)
    except SchedulingError as error:
        field = "kind" if error.field == "code" else error.field
        raise ValidationError({field: error.problem}) from None
    return kind, length


def check_same_practice(
    practice: Practice, *, patient: Patient, therapist: Staff, room: Room | None
) -> None:
    if patient.practice_id != practice.pk:
        raise ValidationError({"patient": "No such patient in this practice."})
    if therapist.practice_id != practice.pk or therapist.role != Role.THERAPIST:
        raise ValidationError({"therapist": "No such therapist in this practice."})
    if not therapist.active:
        raise ValidationError({"therapist": f"{therapist.display_name} is no longer active."})
    if room is not None and (room.practice_id != practice.pk or not room.active):
        raise ValidationError({"room": "No such room in this practice."})


def check_times(start: datetime, minutes: int, *, now: datetime | None = None) -> datetime:
    """The end of a visit starting at `start`; refuses naive, past and bad lengths."""
    if timezone.is_naive(start):
        raise ValidationError({"start": "needs a time zone (naive date-times are refused)."})
    end = start + timedelta(minutes=minutes)
    try:
        check_appointment_times(start, end)
    except SchedulingError as error:
        raise field_error(error) from None
    if start < (now or timezone.now()):
        raise ValidationError({"start": "is in the past; pick a future time."})
    return end


def working_location(
    calendar: TherapistCalendar, therapist: Staff, start: datetime, end: datetime
) -> int | None:
    """The location where the therapist works all of [start, end); refuses breaks, time
    off and times outside the weekly hours."""
    tz = therapist.practice.zone
    local = start.astimezone(tz)
    windows = working_windows(calendar.hours, tz, local_days(start, end, tz))
    window = next((w for w in windows if w.opens <= start and end <= w.closes), None)
    when = f"{local:%a %Y-%m-%d %H:%M} ({local:%Z})"
    if window is None:
        raise ValidationError(
            {"start": f"{when} is outside {therapist.display_name}'s working hours."}
        )
    for pause_start, pause_end in break_intervals(calendar.breaks, window.day, tz):
        if overlaps(start, end, pause_start, pause_end):
            raise ValidationError({"start": f"{when} falls in {therapist.display_name}'s break."})
    for item in calendar.exceptions:
        if overlaps(start, end, *item.blocked(tz)):
            reason = f": {item.reason}" if item.reason else ""
            raise ValidationError(
                {"start": f"{therapist.display_name} is off then ({item.kind.value}{reason})."}
            )
    return int(window.location_id) if window.location_id is not None else None


def without_turnover(rooms: dict[int, RoomCalendar]) -> dict[int, RoomCalendar]:
    return {
        room_id: RoomCalendar(
            location_id=room.location_id,
            busy=[Busy(b.start, b.end, 0, b.label) for b in room.busy],
        )
        for room_id, room in rooms.items()
    }


def choose_room(
    practice: Practice,
    *,
    location_id: int | None,
    start: datetime,
    end: datetime,
    buffer_after: int,
    exclude_appointment: int | None = None,
) -> Room | None:
    """The first room at the location free for the visit and its turnover (else the first
    free for the visit alone); None when the location has no rooms. Raises
    BookingConflict when it has rooms but all are taken."""
    rooms = [room for room in calendars.rooms_of(practice) if room.location_id == location_id]
    if not rooms:
        return None
    calendar = calendars.room_calendars(
        practice, rooms, start, end, exclude_appointment=exclude_appointment
    )
    slot = Slot(start, end, location_id)
    room_id = first_free_room(calendar, slot, buffer_after=buffer_after, tz=practice.zone)
    if room_id is None:  # no room with its turnover done: a back-to-back room will do
        room_id = first_free_room(
            without_turnover(calendar), slot, buffer_after=0, tz=practice.zone
        )
    if room_id is None:
        raise BookingConflict("Every room at this location is taken at that time.")
    return next(room for room in rooms if room.pk == room_id)


def prepare_visit(
    *,
    practice: Practice,
    patient: Patient,
    therapist: Staff,
    kind_code: str,
    start: datetime,
    minutes: int | None = None,
    room: Room | None = None,
    case: Case | None = None,
    series: AppointmentSeries | None = None,
    notes: str = "",
    now: datetime | None = None,
    exclude_appointment: int | None = None,
) -> Visit:
    """Every check that needs no lock: practice scope, type, times, working hours, room."""
    check_same_practice(practice, patient=patient, therapist=therapist, room=room)
    if case is not None and (case.practice_id != practice.pk or case.patient_id != patient.pk):
        raise ValidationError({"case": "No such case for this patient."})
    kind, length = resolve_kind(kind_code, minutes)
    end = check_times(start, length, now=now)
    calendar = calendars.therapist_calendars(practice, [therapist.pk], start, end)[therapist.pk]
    location_id = working_location(calendar, therapist, start, end)
    if room is not None and location_id is not None and room.location_id != location_id:
        raise ValidationError({"room": f"{room} is not where the therapist works then."})
    if room is None:
        room = choose_room(
            practice,
            location_id=location_id,
            start=start,
            end=end,
            buffer_after=kind.buffer_after,
            exclude_appointment=exclude_appointment,
        )
    return Visit(
        practice, patient, therapist, kind, start, end, location_id, room, case, series, notes
    )


def lock_resources(therapist_ids: list[int], room_ids: list[int]) -> None:
    """PostgreSQL: lock the therapists' and rooms' rows in a fixed order, so concurrent
    bookings of one resource queue up instead of both passing the re-check. (SQLite's
    IMMEDIATE transaction already holds the database's write lock.)"""
    if connection.vendor != "postgresql":
        return
    list(Staff.objects.select_for_update(no_key=True).filter(pk__in=therapist_ids).order_by("pk"))
    list(Room.objects.select_for_update(no_key=True).filter(pk__in=room_ids).order_by("pk"))


def recheck(visit: Visit, *, exclude: list[int] | None = None) -> None:
    clashes = calendars.clashing_appointments(
        visit.practice,
        therapist_id=visit.therapist.pk,
        room_id=visit.room.pk if visit.room else None,
        start=visit.start,
        end=visit.end,
        exclude=exclude or [],
    )
    if clashes:
        raise BookingConflict(conflict_reason(visit, clashes), clashes)


def conflict_reason(visit: Visit, clashes: list[Appointment]) -> str:
    tz = visit.practice.zone
    clash = clashes[0]
    local = clash.starts_at.astimezone(tz)
    end = clash.ends_at.astimezone(tz)
    what = "room" if clash.therapist_id != visit.therapist.pk else "therapist"
    who = clash.room.name if what == "room" and clash.room else visit.therapist.display_name
    return f"Overlaps another appointment: {who} is booked {local:%a %Y-%m-%d %H:%M}–{end:%H:%M}."


def insert_visit(visit: Visit, *, booked_by: Staff | None) -> Appointment:
    """Re-check and insert inside the caller's transaction (locks already taken)."""
    recheck(visit)
    location = visit.location_id
    if location is None and visit.room is not None:
        location = visit.room.location_id
    appointment = Appointment.objects.create(
        practice=visit.practice,
        patient=visit.patient,
        therapist=visit.therapist,
        location_id=location,
        room=visit.room,
        case=visit.case,
        series=visit.series,
        kind=visit.kind.code,
        starts_at=visit.start,
        ends_at=visit.end,
        buffer_after=visit.kind.buffer_after,
        notes=visit.notes,
        booked_by=booked_by,
    )
    reminders.reminders_schedule(appointment=appointment)
    return appointment


def appointment_detail(appointment: Appointment) -> dict[str, object]:
    return {
        "appointment": appointment.pk,
        "therapist": appointment.therapist_id,
        "room": appointment.room_id,
        "start": appointment.starts_at.isoformat(),
        "end": appointment.ends_at.isoformat(),
        "kind": appointment.kind,
        "series": appointment.series_id,
    }


def appointment_book(*, visit: Visit, actor: Actor, booked_by: Staff | None) -> Appointment:
    """Book one prepared visit, or raise BookingConflict."""
    try:
        with transaction.atomic():
            lock_resources([visit.therapist.pk], [visit.room.pk] if visit.room else [])
            appointment = insert_visit(visit, booked_by=booked_by)
            audit_record(
                actor=actor,
                action="appointment.book",
                category=Category.SCHEDULING,
                patient=visit.patient,
                detail=appointment_detail(appointment),
            )
    except (IntegrityError, OperationalError) as error:
        raise_if_overlap(error)
        raise
    return appointment


def raise_if_overlap(error: IntegrityError | OperationalError) -> None:
    """Turn the database's own refusal (or a deadlock between two series) into a conflict."""
    if is_overlap_violation(error) or "deadlock" in str(error).lower():
        raise BookingConflict(
            "Someone else booked this therapist or room at that time a moment ago; "
            "pick another time."
        ) from error


def appointment_move(
    *,
    appointment: Appointment,
    actor: Actor,
    start: datetime,
    therapist: Staff | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Move one visit to a new start (and optionally another therapist), same length."""
    if not appointment.is_active or appointment.status != "booked":
        raise ValidationError({"start": "Only a booked (not yet checked-in) visit can be moved."})
    target = therapist or appointment.therapist
    keep_room = appointment.room if target.pk == appointment.therapist_id else None
    visit = prepare_visit(
        practice=appointment.practice,
        patient=appointment.patient,
        therapist=target,
        kind_code=appointment.kind,
        start=start,
        minutes=appointment.minutes,
        room=_room_if_free(appointment, keep_room, start),
        now=now,
        exclude_appointment=appointment.pk,
    )
    before = appointment_detail(appointment)
    try:
        with transaction.atomic():
            lock_resources(
                sorted({appointment.therapist_id, target.pk}),
                [visit.room.pk] if visit.room else [],
            )
            recheck(visit, exclude=[appointment.pk])
            _apply_move(appointment, visit)
            audit_record(
                actor=actor,
                action="appointment.move",
                category=Category.SCHEDULING,
                patient=appointment.patient,
                detail={"before": before, "after": appointment_detail(appointment)},
            )
    except (IntegrityError, OperationalError) as error:
        raise_if_overlap(error)
        raise
    return appointment


def _room_if_free(appointment: Appointment, room: Room | None, start: datetime) -> Room | None:
    """Keep the visit's room when it is free at the new time; otherwise pick another."""
    if room is None:
        return None
    end = start + timedelta(minutes=appointment.minutes)
    clashes = calendars.appointments_touching(appointment.practice, start, end).filter(room=room)
    return None if clashes.exclude(pk=appointment.pk).exists() else room


def _apply_move(appointment: Appointment, visit: Visit) -> None:
    appointment.starts_at, appointment.ends_at = visit.start, visit.end
    appointment.therapist = visit.therapist
    appointment.room = visit.room
    if visit.location_id is not None:
        appointment.location_id = visit.location_id
    appointment.save(
        update_fields=["starts_at", "ends_at", "therapist", "room", "location", "updated_at"]
    )
    reminders.reminders_reschedule(appointment=appointment)
