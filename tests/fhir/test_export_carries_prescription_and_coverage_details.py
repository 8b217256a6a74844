"""What an export must carry for a re-import to lose nothing: a prescription's authorised
visits, progress-report interval and case (our extensions), and a self-pay coverage whose
payor is the patient (read back as no payer name). Resources validate as R4B."""

from __future__ import annotations

from typing import Any

import pytest
from fhir.resources.R4B.coverage import Coverage as FhirCoverage
from fhir.resources.R4B.servicerequest import ServiceRequest

from petrissage.domain.fhir_import.clinical import map_service_request
from petrissage.domain.fhir_import.people import map_coverage
from petrissage.domain.fhir_import.reading import Entry
from petrissage.domain.fhir_import.references import References
from petrissage.domain.fhir_import.values import MappingError
from petrissage.fhir.mapping.coverage import coverage_resource
from petrissage.fhir.mapping.service_request import (
    CASE_SYSTEM,
    EXTENSION_BASE,
    service_request_resource,
)
from petrissage.patients.models import Coverage
from tests.referrals.builders import open_case, prescription, today_of

pytestmark = pytest.mark.django_db


def _refs(*resources: dict[str, Any]) -> References:
    return References(
        [Entry(resource=r, full_url="", where=str(i)) for i, r in enumerate(resources)]
    )


def test_a_prescription_exports_and_maps_back_its_authorisation_reports_and_case(
    patient, therapist
):
    case = open_case(patient, therapist)
    rx = prescription(
        patient,
        therapist,
        case=case,
        prior_auth_number="PA-778",
        authorised_visits=8,
        report_every_visits=6,
        report_every_days=30,
    )
    resource = service_request_resource(rx, today=today_of(patient.practice), visits_used=0)
    ServiceRequest.model_validate(resource)
    extensions = {e["url"].removeprefix(EXTENSION_BASE): e for e in resource["extension"]}
    assert extensions["authorised-visits"]["valuePositiveInt"] == 8
    assert extensions["case"]["valueIdentifier"] == {"system": CASE_SYSTEM, "value": str(case.pk)}

    record = map_service_request(resource, _refs(resource), f"ServiceRequest/{rx.pk}")
    assert record is not None
    fields = record.fields
    assert (fields["authorised_visits"], fields["prior_auth_number"]) == (8, "PA-778")
    assert (fields["report_every_visits"], fields["report_every_days"]) == (6, 30)
    assert (fields["visit_cap"], fields["sessions_per_week"], fields["weeks"]) == (12, 2, 6)


def test_a_prescription_without_those_details_maps_back_to_none(patient, therapist):
    rx = prescription(patient, therapist)
    resource = service_request_resource(rx, today=today_of(patient.practice), visits_used=0)
    assert "extension" not in resource
    record = map_service_request(resource, _refs(resource), "ServiceRequest/1")
    assert record is not None
    assert record.fields["authorised_visits"] is None
    assert record.fields["report_every_days"] is None


@pytest.mark.parametrize("value", [0, 999, "six", True])
def test_a_bad_count_extension_is_refused_naming_it(patient, therapist, value):
    rx = prescription(patient, therapist, prior_auth_number="PA-1", authorised_visits=4)
    resource = service_request_resource(rx, today=today_of(patient.practice), visits_used=0)
    resource["extension"][0]["valuePositiveInt"] = value
    with pytest.raises(MappingError, match="authorised-visits"):
        map_service_request(resource, _refs(resource), "ServiceRequest/1")


def test_a_self_pay_coverage_names_the_patient_as_payor_and_maps_back_to_no_payer(patient):
    coverage = Coverage.objects.create(
        practice=patient.practice, patient=patient, channel="self_pay", priority=2
    )
    resource = coverage_resource(coverage)
    FhirCoverage.model_validate(resource)
    assert resource["payor"] == [{"display": "Self-pay", "reference": f"Patient/{patient.pk}"}]
    beneficiary = {"resourceType": "Patient", "id": str(patient.pk)}
    record = map_coverage(resource, _refs(beneficiary, resource), f"Coverage/{coverage.pk}")
    assert (record.fields["channel"], record.fields["payer_name"]) == ("self_pay", "")
    assert record.fields["priority"] == 2


def test_a_named_payer_keeps_its_name_and_subscriber_details(patient):
    coverage = Coverage.objects.create(
        practice=patient.practice,
        patient=patient,
        channel="commercial",
        payer_name="Acme Health",
        payer_identifier="60054",
        member_id="W123",
        group_number="G-9",
        subscriber_name="Maria Lopez",
        subscriber_birth_date=patient.birth_date,
        relationship="01",
    )
    resource = coverage_resource(coverage)
    FhirCoverage.model_validate(resource)
    beneficiary = {"resourceType": "Patient", "id": str(patient.pk)}
    fields = map_coverage(resource, _refs(beneficiary, resource), "Coverage/1").fields
    assert (fields["payer_name"], fields["payer_identifier"]) == ("Acme Health", "60054")
    assert (fields["group_number"], fields["subscriber_name"]) == ("G-9", "Maria Lopez")
    assert (fields["subscriber_birth_date"], fields["relationship"]) == (patient.birth_date, "01")
