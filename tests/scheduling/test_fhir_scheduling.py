"""FHIR Appointment, Schedule and Slot validate against fhir.resources R4B; errors are
OperationOutcomes; another practice sees nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fhir.resources.R4B.appointment import Appointment as FhirAppointment
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.schedule import Schedule
from fhir.resources.R4B.slot import Slot

from petrissage.audit.services import Actor
from petrissage.scheduling import services
from tests.factories import make_token
from tests.scheduling.helpers import book, local, next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture
def fhir(client):
    def get(staff, url):
        return client.get(
            f"/fhir/R4/{url}", headers={"Authorization": f"Bearer {make_token(staff)}"}
        )

    return get


@pytest.fixture
def visits(patient, working_therapist, practice):
    day = next_weekday(1)
    first = book(patient, working_therapist, local(practice, day, 9))
    second = book(patient, working_therapist, local(practice, day, 11))
    services.appointment_cancel(appointment=second, actor=Actor.system(practice), reason="ill")
    return first, second


def test_appointments_read_and_search_validate(fhir, front_desk, visits, patient):
    first, _second = visits
    read = fhir(front_desk, f"Appointment/{first.pk}")
    assert read.status_code == 200
    resource = FhirAppointment.model_validate(read.json())
    assert resource.status == "booked"
    assert resource.minutesDuration == 60
    bundle = Bundle.model_validate(
        fhir(front_desk, f"Appointment?patient=Patient/{patient.pk}").json()
    )
    statuses = [
        FhirAppointment.model_validate(e.resource.model_dump()).status for e in bundle.entry
    ]
    assert statuses == ["booked", "cancelled"]
    day = first.starts_at.astimezone(patient.practice.zone).date()
    only_booked = fhir(front_desk, f"Appointment?date=ge{day}&date=le{day}&status=booked").json()
    assert only_booked["total"] == 1


def test_schedule_and_slots_validate(fhir, front_desk, working_therapist, visits):
    schedules = Bundle.model_validate(fhir(front_desk, "Schedule").json())
    schedule = Schedule.model_validate(schedules.entry[0].resource.model_dump())
    assert schedule.actor[0].reference == f"Practitioner/{working_therapist.pk}"
    day = visits[0].starts_at.astimezone(working_therapist.practice.zone).date()
    found = fhir(
        front_desk,
        f"Slot?schedule=Schedule/{working_therapist.pk}&start=ge{day}&start=lt{day + timedelta(days=1)}",
    )
    assert found.status_code == 200, found.content
    slots = [Slot.model_validate(e["resource"]) for e in found.json()["entry"]]
    assert all(s.status == "free" for s in slots)
    assert all(s.start != visits[0].starts_at for s in slots)
    read = fhir(front_desk, f"Slot/{slots[0].id}")
    assert Slot.model_validate(read.json()).status == "free"


def test_errors_are_operation_outcomes(fhir, front_desk, outsider, visits):
    for url, status in (
        ("Appointment?color=blue", 400),
        ("Appointment?date=yesterday", 400),
        ("Slot", 400),
        (f"Appointment/{visits[0].pk + 1000}", 404),
        ("Slot/garbage", 400),
    ):
        response = fhir(front_desk, url)
        assert response.status_code == status, url
        OperationOutcome.model_validate(response.json())
    assert fhir(outsider, f"Appointment/{visits[0].pk}").status_code == 404
    assert fhir(outsider, "Appointment").json()["total"] == 0
    assert fhir(outsider, f"Schedule/{visits[0].therapist_id}").status_code == 404


def test_the_capability_statement_lists_the_scheduling_resources(client):
    statement = CapabilityStatement.model_validate(client.get("/fhir/R4/metadata").json())
    types = {r.type for r in statement.rest[0].resource}
    assert {"Appointment", "Schedule", "Slot"} <= types
