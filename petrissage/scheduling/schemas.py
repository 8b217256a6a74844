"""Parse boundary of the scheduling API. Date-times must carry a UTC offset."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Schema
from pydantic import AwareDatetime, ConfigDict


class TherapistOut(Schema):
    id: int
    display_name: str
    credentials: str


class AvailabilityQuery(Schema):
    start: AwareDatetime
    end: AwareDatetime
    therapist: int | None = None
    room: int | None = None
    minutes: int | None = Field(None, description="Length; defaults to the type's")
    type: str = "treatment-60"
    limit: int = Field(50, ge=1, le=200)


class SlotOut(Schema):
    start: datetime
    end: datetime
    minutes: int
    therapist: int
    room: int | None


class AppointmentCreateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    patient: int
    therapist: int
    start: AwareDatetime
    minutes: int | None = None
    type: str = "treatment-60"
    room: int | None = None
    notes: str = Field("", max_length=300)


class AppointmentMoveIn(Schema):
    model_config = ConfigDict(extra="forbid")

    start: AwareDatetime
    therapist: int | None = None


class CancelIn(Schema):
    reason: str = Field("", max_length=300)


class AppointmentOut(Schema):
    id: int
    patient: int = Field(alias="patient_id")
    therapist: int = Field(alias="therapist_id")
    room: int | None = Field(None, alias="room_id")
    location: int | None = Field(None, alias="location_id")
    series: int | None = Field(None, alias="series_id")
    type: str = Field(alias="kind")
    start: datetime = Field(alias="starts_at")
    end: datetime = Field(alias="ends_at")
    minutes: int
    status: str
    late_cancel: bool
    cancel_reason: str
