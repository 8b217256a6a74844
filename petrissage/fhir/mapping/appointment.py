"""Appointments, therapists' schedules and open slots as FHIR R4 resources, and the
search parameters the facade accepts for them."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q

from petrissage.domain.scheduling import Slot, wall_time_instant
from petrissage.fhir.search import SearchError
from petrissage.practice.models import Staff
from petrissage.scheduling.models import Appointment, AppointmentStatus

TYPE_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/appointment-type"
FHIR_STATUS = {
    AppointmentStatus.BOOKED: "booked",
    AppointmentStatus.ARRIVED: "arrived",
    AppointmentStatus.COMPLETED: "fulfilled",
    AppointmentStatus.CANCELLED: "cancelled",
    AppointmentStatus.NO_SHOW: "noshow",
}
STATUS_FROM_FHIR = {value: key for key, value in FHIR_STATUS.items()}
SCHEDULE_SEARCH_PARAMS = (("actor", "reference", "Practitioner/{id}"),)
SLOT_SEARCH_PARAMS = (
    ("schedule", "reference", "Schedule/{id} (required)"),
    ("start", "date", "ge/lt bounds of the slot start (default: the next 7 days)"),
    ("service-type", "token", "an appointment-type code (default treatment-60)"),
)
DATE_VALUE = re.compile(r"^(eq|ge|gt|le|lt)?(\d{4}-\d{2}-\d{2})(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$")
SLOT_ID = re.compile(r"^(\d+)-(\d{12})-([a-z0-9-]+)$")


def appointment_resource(appointment: Appointment) -> dict[str, Any]:
    participants: list[dict[str, Any]] = [
        {
            "actor": {
                "reference": f"Patient/{appointment.patient_id}",
                "display": appointment.patient.full_name,
            },
            "required": "required",
            "status": "accepted",
        },
        {
            "actor": {
                "reference": f"Practitioner/{appointment.therapist_id}",
                "display": appointment.therapist.display_name,
            },
            "required": "required",
            "status": "accepted",
        },
    ]
    if appointment.room is not None:
        participants.append(
            {"actor": {"display": f"Room: {appointment.room.name}"}, "status": "accepted"}
        )
    resource: dict[str, Any] = {
        "resourceType": "Appointment",
        "id": str(appointment.pk),
        "status": FHIR_STATUS[AppointmentStatus(appointment.status)],
        "serviceType": [_service_type(appointment.kind, appointment.get_kind_display())],
        "start": appointment.starts_at.isoformat(),
        "end": appointment.ends_at.isoformat(),
        "minutesDuration": appointment.minutes,
        "created": appointment.created_at.isoformat(),
        "participant": participants,
    }
    if appointment.status == AppointmentStatus.CANCELLED and appointment.cancel_reason:
        resource["cancelationReason"] = {"text": appointment.cancel_reason}
    if appointment.notes:
        resource["comment"] = appointment.notes
    return resource


def _service_type(code: str, display: str) -> dict[str, Any]:
    return {"coding": [{"system": TYPE_SYSTEM, "code": code, "display": display}], "text": display}


def schedule_resource(therapist: Staff, hours_summary: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Schedule",
        "id": str(therapist.pk),
        "active": therapist.active,
        "actor": [{"reference": f"Practitioner/{therapist.pk}", "display": therapist.display_name}],
    }
    if hours_summary:
        resource["comment"] = hours_summary
    return resource


def slot_id(therapist_id: int, slot: Slot, kind: str) -> str:
    return f"{therapist_id}-{slot.start.astimezone(ZoneInfo('UTC')):%Y%m%d%H%M}-{kind}"


def parse_slot_id(value: str) -> tuple[int, datetime, str]:
    match = SLOT_ID.match(value)
    if match is None:
        raise SearchError("id", "A Slot id is {therapist}-{YYYYMMDDHHMM UTC}-{type}.")
    start = datetime.strptime(match.group(2), "%Y%m%d%H%M").replace(tzinfo=ZoneInfo("UTC"))
    return int(match.group(1)), start, match.group(3)


def slot_resource(
    therapist_id: int, slot: Slot, kind: str, label: str, *, free: bool
) -> dict[str, Any]:
    return {
        "resourceType": "Slot",
        "id": slot_id(therapist_id, slot, kind),
        "schedule": {"reference": f"Schedule/{therapist_id}"},
        "serviceType": [_service_type(kind, label)],
        "status": "free" if free else "busy",
        "start": slot.start.isoformat(),
        "end": slot.end.isoformat(),
    }


def reference_id(parameter: str, value: str, resource: str) -> int:
    text = value.removeprefix(f"{resource}/")
    if not text.isdigit():
        raise SearchError(parameter, f"{parameter} must be {resource}/{{id}} with a numeric id.")
    return int(text)


def parse_date_bound(parameter: str, value: str, tz: ZoneInfo) -> tuple[str, datetime]:
    """(prefix, instant) from e.g. ge2026-03-01 or lt2026-03-08T09:00:00-08:00."""
    match = DATE_VALUE.match(value)
    if match is None:
        raise SearchError(parameter, f"{parameter}={value!r} is not a FHIR date (prefix + date).")
    prefix = match.group(1) or "eq"
    try:
        if match.group(3):
            return prefix, datetime.fromisoformat(match.group(2) + match.group(3))
        day = date.fromisoformat(match.group(2))
    except ValueError:
        raise SearchError(parameter, f"{parameter}={value!r} is not a real date.") from None
    start = wall_time_instant(day, time(0), tz)
    if prefix in ("gt", "le"):  # a whole day: after it / up to its end
        start = wall_time_instant(day + timedelta(days=1), time(0), tz)
    return prefix, start


def date_filter(values: list[str], tz: ZoneInfo) -> Q:
    condition = Q()
    for value in values:
        prefix, moment = parse_date_bound("date", value, tz)
        if prefix == "eq":
            next_day = wall_time_instant(
                moment.astimezone(tz).date() + timedelta(days=1), time(0), tz
            )
            condition &= Q(starts_at__gte=moment, starts_at__lt=next_day)
        elif prefix in ("ge", "gt"):
            condition &= Q(starts_at__gte=moment)
        else:
            condition &= Q(starts_at__lt=moment)
    return condition
