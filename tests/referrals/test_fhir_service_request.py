"""Prescriptions as FHIR ServiceRequest, validated with fhir.resources (R4B)."""

from __future__ import annotations

from datetime import timedelta

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.servicerequest import ServiceRequest

from petrissage.fhir.mapping.service_request import CPT_SYSTEM, ICD10CM_SYSTEM, NPI_SYSTEM
from petrissage.referrals.models import Prescription
from tests.factories import make_token
from tests.referrals.builders import VALID_NPI, prescription, today_of


def _get(client, url, staff):
    return client.get(url, headers={"Authorization": f"Bearer {make_token(staff)}"})


def test_read_validates_and_carries_the_order(client, therapist, patient):
    rx = prescription(
        patient,
        therapist,
        diagnoses=("M54.50", "M62.830"),
        prior_auth_number="PA-778",
        authorised_visits=8,
        precautions="Avoid the left calf",
    )
    response = _get(client, f"/fhir/R4/ServiceRequest/{rx.pk}", therapist)
    assert response.status_code == 200
    request = ServiceRequest.model_validate(response.json())
    assert (request.intent, request.status) == ("order", "active")
    assert request.category[0].text == "Medical massage / manual therapy"
    assert {c.coding[0].code for c in request.orderDetail} == {"97124", "97140"}
    assert all(c.coding[0].system == CPT_SYSTEM for c in request.orderDetail)
    assert [c.coding[0].code for c in request.reasonCode] == ["M54.50", "M62.830"]
    assert request.reasonCode[0].coding[0].system == ICD10CM_SYSTEM
    timing = request.occurrenceTiming.repeat
    assert (timing.frequency, timing.periodUnit, timing.count) == (2, "wk", 12)
    assert request.requester.reference == "#requester"
    assert request.contained[0].get_resource_type() == "Practitioner"
    contained = Practitioner.model_validate(request.contained[0].model_dump())
    assert contained.identifier[0].system == NPI_SYSTEM
    assert contained.identifier[0].value == VALID_NPI
    sites = {c.code for site in request.bodySite for c in site.coding}
    assert "lumbar-paraspinals-left" in sites
    assert request.subject.reference == f"Patient/{patient.pk}"


def test_search_by_patient_returns_a_valid_bundle(client, therapist, patient):
    active = prescription(patient, therapist)
    old = prescription(patient, therapist, active.provider)
    today = today_of(patient.practice)
    Prescription.objects.filter(pk=old.pk).update(
        issued_on=today - timedelta(days=200), expires_on=today - timedelta(days=100)
    )
    response = _get(client, f"/fhir/R4/ServiceRequest?patient=Patient/{patient.pk}", therapist)
    bundle = Bundle.model_validate(response.json())
    assert bundle.total == 2
    statuses = sorted(
        ServiceRequest.model_validate(e.resource.model_dump()).status for e in bundle.entry
    )
    assert statuses == ["active", "completed"]
    only_active = _get(
        client, f"/fhir/R4/ServiceRequest?patient={patient.pk}&status=active", therapist
    )
    assert Bundle.model_validate(only_active.json()).total == 1


def test_search_without_patient_is_a_400_outcome(client, therapist):
    response = _get(client, "/fhir/R4/ServiceRequest", therapist)
    assert response.status_code == 400
    OperationOutcome.model_validate(response.json())
    bad = _get(client, "/fhir/R4/ServiceRequest?patient=1&code=x", therapist)
    assert bad.status_code == 400


def test_outsider_and_front_desk_see_nothing(client, therapist, patient, outsider, front_desk):
    rx = prescription(patient, therapist)
    for staff in (outsider, front_desk):
        assert _get(client, f"/fhir/R4/ServiceRequest/{rx.pk}", staff).status_code == 404
        found = _get(client, f"/fhir/R4/ServiceRequest?patient={patient.pk}", staff)
        assert found.status_code == 200
        assert Bundle.model_validate(found.json()).total == 0
    assert _get(client, "/fhir/R4/ServiceRequest/abc", therapist).status_code == 404


def test_capability_statement_lists_service_request(client):
    statement = CapabilityStatement.model_validate(client.get("/fhir/R4/metadata").json())
    types = {r.type for r in statement.rest[0].resource}
    assert "ServiceRequest" in types
