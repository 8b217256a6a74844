"""Scheduling API: therapists, open slots, appointments (book 201 / overlap 409, move,
cancel). Practice-scoped through `practice.access`: another practice's ids are 404."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from petrissage.audit.services import Actor
from petrissage.patients.schemas import ErrorOut, ValidationErrorOut
from petrissage.practice.access import get_patient, get_scoped_or_404, require, scoped
from petrissage.practice.models import Room, Staff
from petrissage.practice.permissions import Action
from petrissage.scheduling import calendars, services
from petrissage.scheduling.availability import open_slots_search
from petrissage.scheduling.booking import (
    BookingConflict,
    appointment_book,
    appointment_move,
    prepare_visit,
)
from petrissage.scheduling.models import Appointment
from petrissage.scheduling.schemas import (
    AppointmentCreateIn,
    AppointmentMoveIn,
    AppointmentOut,
    AvailabilityQuery,
    CancelIn,
    SlotOut,
    TherapistOut,
)

router = Router(tags=["scheduling"])
ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {**ERRORS, 409: ErrorOut, 422: ValidationErrorOut}


def _staff(request: HttpRequest) -> Staff:
    staff = request.auth  # type: ignore[attr-defined]
    assert isinstance(staff, Staff)
    return staff


def _actor(request: HttpRequest) -> Actor:
    return Actor.for_staff(_staff(request), request, source="api")


def _therapist(staff: Staff, therapist_id: int) -> Staff:
    therapist = get_scoped_or_404(staff, Staff, therapist_id)
    if therapist not in calendars.therapists_of(staff.practice):
        raise ValidationError({"therapist": "No such therapist in this practice."})
    return therapist


@router.get("/therapists", response={200: list[TherapistOut], **ERRORS}, summary="Therapists")
def list_therapists(request: HttpRequest) -> list[Staff]:
    staff = _staff(request)
    require(staff, Action.SCHEDULE_VIEW)
    return list(calendars.therapists_of(staff.practice))


@router.get(
    "/availability",
    response={200: list[SlotOut], 422: ValidationErrorOut, **ERRORS},
    summary="Open slots for a therapist (or any) in a date range",
)
def availability(request: HttpRequest, query: Query[AvailabilityQuery]) -> list[SlotOut]:
    staff = _staff(request)
    require(staff, Action.SCHEDULE_VIEW)
    therapist = _therapist(staff, query.therapist) if query.therapist else None
    room = get_scoped_or_404(staff, Room, query.room) if query.room else None
    choices = open_slots_search(
        practice=staff.practice,
        start=query.start,
        end=query.end,
        kind_code=query.type,
        minutes=query.minutes,
        therapist=therapist,
        room=room,
        limit=query.limit,
    )
    return [
        SlotOut(
            start=c.slot.start,
            end=c.slot.end,
            therapist=c.therapist_id,
            room=c.room_id,
            minutes=c.slot.minutes,
        )
        for c in choices
    ]


@router.post("/appointments", response={201: AppointmentOut, **WRITE_ERRORS}, summary="Book")
def create_appointment(
    request: HttpRequest, payload: AppointmentCreateIn
) -> Status[Appointment | ErrorOut]:
    staff, actor = _staff(request), _actor(request)
    require(staff, Action.SCHEDULE_BOOK, actor=actor)
    patient = get_patient(staff, payload.patient, Action.SCHEDULE_BOOK, actor=actor)
    try:
        visit = prepare_visit(
            practice=staff.practice,
            patient=patient,
            therapist=_therapist(staff, payload.therapist),
            kind_code=payload.type,
            start=payload.start,
            minutes=payload.minutes,
            room=get_scoped_or_404(staff, Room, payload.room) if payload.room else None,
            notes=payload.notes,
        )
        appointment = appointment_book(visit=visit, actor=actor, booked_by=staff)
    except BookingConflict as error:
        return Status(409, ErrorOut(detail=error.reason))
    return Status(201, appointment)


@router.get("/appointments/{appointment_id}", response={200: AppointmentOut, **ERRORS})
def read_appointment(request: HttpRequest, appointment_id: int) -> Appointment:
    staff = _staff(request)
    require(staff, Action.SCHEDULE_VIEW)
    return get_scoped_or_404(staff, Appointment, appointment_id)


@router.get("/appointments", response={200: list[AppointmentOut], **ERRORS})
def list_appointments(request: HttpRequest, start: datetime, end: datetime) -> list[Appointment]:
    staff = _staff(request)
    require(staff, Action.SCHEDULE_VIEW)
    return list(
        scoped(staff, Appointment)
        .filter(starts_at__lt=end, ends_at__gt=start)
        .order_by("starts_at")[:500]
    )


@router.patch(
    "/appointments/{appointment_id}",
    response={200: AppointmentOut, **WRITE_ERRORS},
    summary="Move a visit",
)
def move_appointment(
    request: HttpRequest, appointment_id: int, payload: AppointmentMoveIn
) -> Status[Appointment | ErrorOut]:
    staff, actor = _staff(request), _actor(request)
    require(staff, Action.SCHEDULE_BOOK, actor=actor)
    appointment = get_scoped_or_404(staff, Appointment, appointment_id)
    therapist = _therapist(staff, payload.therapist) if payload.therapist else None
    try:
        moved = appointment_move(
            appointment=appointment, actor=actor, start=payload.start, therapist=therapist
        )
    except BookingConflict as error:
        return Status(409, ErrorOut(detail=error.reason))
    return Status(200, moved)


@router.delete(
    "/appointments/{appointment_id}",
    response={200: AppointmentOut, **WRITE_ERRORS},
    summary="Cancel a visit (reason in the query or body)",
)
def cancel_appointment(
    request: HttpRequest, appointment_id: int, reason: str = "", payload: CancelIn | None = None
) -> Appointment:
    staff, actor = _staff(request), _actor(request)
    require(staff, Action.SCHEDULE_BOOK, actor=actor)
    appointment = get_scoped_or_404(staff, Appointment, appointment_id)
    text = reason or (payload.reason if payload else "")
    return services.appointment_cancel(appointment=appointment, actor=actor, reason=text)
