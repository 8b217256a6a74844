"""Requests from the public booking page, and staff confirming or declining them.

A request holds no slot: two people may ask for the same time. Confirming books the
visit through the normal booking service, so the second confirmation of one slot gets
a BookingConflict (security-and-reliability.md §5: "two pending requests both
confirmed" is a known tracker bug).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from petrissage.audit.models import Category
from petrissage.audit.services import Actor, audit_record
from petrissage.patients.models import Patient
from petrissage.patients.services import patient_create, possible_duplicates
from petrissage.practice.models import Practice, Staff
from petrissage.scheduling.availability import open_slots_search
from petrissage.scheduling.booking import appointment_book, prepare_visit, resolve_kind
from petrissage.scheduling.models import BookingRequest, RequestStatus


def booking_request_create(
    *,
    practice: Practice,
    kind_code: str,
    start: datetime,
    therapist: Staff,
    contact: dict[str, object],
) -> BookingRequest:
    """Store a request for a slot that is open right now (checked again on confirm)."""
    kind, _ = resolve_kind(kind_code, None)
    offered = open_slots_search(
        practice=practice,
        start=start,
        end=start + timedelta(minutes=5),
        kind_code=kind_code,
        therapist=therapist,
        limit=1,
        step_minutes=30,
    )
    if not offered or offered[0].slot.start != start:
        raise ValidationError({"start": "That time was just taken; please pick another."})
    request = BookingRequest(
        practice=practice,
        therapist=therapist,
        kind=kind.code,
        starts_at=start,
        ends_at=offered[0].slot.end,
        given_name=str(contact["given_name"]),
        family_name=str(contact["family_name"]),
        birth_date=_as_date(contact["birth_date"]),
        email=str(contact["email"]),
        phone=str(contact["phone"]),
        message=str(contact.get("message", "")),
    )
    with transaction.atomic():
        request.save()
        audit_record(
            actor=Actor.system(practice, source="public"),
            action="booking_request.create",
            category=Category.SCHEDULING,
            detail={"request": request.pk, "start": start.isoformat()},
        )
    return request


def _as_date(value: object) -> date:
    if not isinstance(value, date):
        raise ValidationError({"birth_date": "is required."})
    return value


def _patient_for(request: BookingRequest, actor: Actor) -> Patient:
    matches = possible_duplicates(
        practice=request.practice,
        given_name=request.given_name,
        family_name=request.family_name,
        birth_date=request.birth_date,
    )
    if matches:
        return matches[0]
    return patient_create(
        practice=request.practice,
        actor=actor,
        data={
            "given_name": request.given_name,
            "family_name": request.family_name,
            "birth_date": request.birth_date,
            "email": request.email,
            "phone": request.phone,
        },
    )


def booking_request_confirm(
    *, request: BookingRequest, actor: Actor, staff: Staff
) -> BookingRequest:
    """Book the requested slot (BookingConflict if it is gone) and link the patient."""
    if request.status != RequestStatus.PENDING:
        raise ValidationError({"status": f"This request is already {request.status}."})
    with transaction.atomic():
        patient = _patient_for(request, actor)
        visit = prepare_visit(
            practice=request.practice,
            patient=patient,
            therapist=request.therapist,
            kind_code=request.kind,
            start=request.starts_at,
            notes=request.message[:300],
        )
        request.appointment = appointment_book(visit=visit, actor=actor, booked_by=staff)
        request.status = RequestStatus.CONFIRMED
        request.save(update_fields=["appointment", "status"])
    return request


def booking_request_decline(*, request: BookingRequest, actor: Actor) -> BookingRequest:
    if request.status != RequestStatus.PENDING:
        raise ValidationError({"status": f"This request is already {request.status}."})
    with transaction.atomic():
        request.status = RequestStatus.DECLINED
        request.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="booking_request.decline",
            category=Category.SCHEDULING,
            detail={"request": request.pk},
        )
    return request
