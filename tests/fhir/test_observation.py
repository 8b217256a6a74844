"""FHIR Observation: one pain-score Observation per region finding, valid R4, practice-scoped."""

from __future__ import annotations

from datetime import date

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.operationoutcome import OperationOutcome

from petrissage.audit.models import AuditEvent
from petrissage.clinical.models import RegionFinding
from petrissage.fhir.mapping.observation import (
    LATERALITY_EXTENSION,
    NPRS_CODE,
    observation_resource,
)
from tests import factories
from tests.clinical.test_assessment_services import make_assessment

BASE = "/fhir/R4"


@pytest.fixture
def fhir(client):
    def as_staff(staff):
        headers = {"Authorization": f"Bearer {factories.make_token(staff)}"}
        return lambda url: client.get(url, headers=headers)

    return as_staff


@pytest.fixture
def two_assessments(patient, therapist):
    first = make_assessment(
        patient, therapist, on=date(2025, 1, 10), pains={"upper-trapezius-left": 8, "sacrum": 3}
    )
    second = make_assessment(
        patient, therapist, on=date(2025, 2, 20), pains={"upper-trapezius-left": 4}
    )
    return first, second


def finding_of(assessment, code):
    return assessment.region_findings.get(region_code=code)


def test_mapping_is_valid_r4_with_loinc_code_body_site_and_laterality(two_assessments):
    first, _ = two_assessments
    finding = finding_of(first, "upper-trapezius-left")
    finding.notes = "Ropy band, refers to temple"
    finding.save()
    resource = observation_resource(RegionFinding.objects.get(pk=finding.pk))
    obs = Observation.model_validate(resource)
    assert obs.status == "final"
    assert obs.category[0].coding[0].code == "exam"
    assert (obs.code.coding[0].system, obs.code.coding[0].code) == ("http://loinc.org", NPRS_CODE)
    assert obs.valueInteger == 8
    assert str(obs.effectiveDateTime) == "2025-01-10"
    assert obs.subject.reference == f"Patient/{first.patient_id}"
    site = obs.bodySite
    assert (site.coding[0].system, site.coding[0].code) == ("http://snomed.info/sct", "31764008")
    assert site.extension[0].url == LATERALITY_EXTENSION
    assert site.extension[0].valueCodeableConcept.coding[0].code == "7771000"  # left
    components = {c.code.coding[0].code: c for c in obs.component}
    assert components["quality"].valueCodeableConcept.coding[0].code == "aching"
    assert components["tenderness"].valueInteger == 1
    assert components["trigger-points"].valueBoolean is False
    assert obs.note[0].text == "Ropy band, refers to temple"


def test_a_midline_region_has_no_laterality(two_assessments):
    first, _ = two_assessments
    resource = observation_resource(finding_of(first, "sacrum"))
    obs = Observation.model_validate(resource)
    assert obs.bodySite.coding[0].code == "54735007"
    assert not obs.bodySite.extension


def test_read_returns_the_observation_and_is_audited(fhir, therapist, two_assessments):
    finding = finding_of(two_assessments[0], "sacrum")
    response = fhir(therapist)(f"{BASE}/Observation/{finding.pk}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    assert Observation.model_validate(response.json()).valueInteger == 3
    event = AuditEvent.objects.get(action="observation.view")
    assert event.source == "fhir"
    assert event.patient_id == finding.patient_id


def test_another_practice_and_unknown_ids_are_404(fhir, outsider, therapist, two_assessments):
    finding = finding_of(two_assessments[0], "sacrum")
    for client, url in (
        (fhir(outsider), f"{BASE}/Observation/{finding.pk}"),
        (fhir(therapist), f"{BASE}/Observation/999999"),
        (fhir(therapist), f"{BASE}/Observation/abc"),
    ):
        response = client(url)
        assert response.status_code == 404, url
        assert OperationOutcome.model_validate(response.json()).issue[0].code == "not-found"


@pytest.mark.parametrize("role", ["front_desk", "biller"])
def test_roles_without_clinical_access_see_nothing(fhir, personas, two_assessments, role):
    finding = finding_of(two_assessments[0], "sacrum")
    response = fhir(personas[role])(f"{BASE}/Observation/{finding.pk}")
    assert response.status_code == 404
    OperationOutcome.model_validate(response.json())
    response = fhir(personas[role])(f"{BASE}/Observation?patient={finding.patient_id}")
    assert response.status_code == 200
    assert Bundle.model_validate(response.json()).total == 0


def test_search_by_patient_code_and_date(fhir, therapist, patient, two_assessments):
    get = fhir(therapist)
    raw = get(f"{BASE}/Observation?patient={patient.pk}").json()
    bundle = Bundle.model_validate(raw)
    assert bundle.total == 3
    for entry in bundle.entry:
        Observation.model_validate(entry.resource.model_dump())
        assert entry.fullUrl.endswith(f"/Observation/{entry.resource.id}")
    dates = [entry["resource"]["effectiveDateTime"] for entry in raw["entry"]]
    assert dates == sorted(dates)
    coded = get(
        f"{BASE}/Observation?patient=Patient/{patient.pk}&code=http://loinc.org|{NPRS_CODE}"
    )
    assert coded.json()["total"] == 3
    assert get(f"{BASE}/Observation?code=http://loinc.org|1234-5").json()["total"] == 0
    assert get(f"{BASE}/Observation?patient={patient.pk}&date=ge2025-02").json()["total"] == 1
    assert get(f"{BASE}/Observation?date=2025-01-10").json()["total"] == 2
    assert get(f"{BASE}/Observation?patient=abc").json()["total"] == 0
    event = AuditEvent.objects.filter(action="observation.search").first()
    assert event.category == "clinical"


def test_search_never_crosses_practices(fhir, outsider, patient, two_assessments):
    outsider_patient = factories.make_patient(outsider.practice)
    make_assessment(outsider_patient, outsider, pains={"calf-left": 2})
    bundle = fhir(outsider)(f"{BASE}/Observation?patient={patient.pk}").json()
    assert bundle["total"] == 0
    assert fhir(outsider)(f"{BASE}/Observation").json()["total"] == 1


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("subject=Patient/1", "subject"),
        ("code:text=pain", "code:text"),
        ("date=yesterday", "date"),
        ("_count=x", "_count"),
    ],
)
def test_unsupported_or_bad_parameters_are_400(fhir, therapist, query, parameter):
    response = fhir(therapist)(f"{BASE}/Observation?{query}")
    assert response.status_code == 400
    outcome = OperationOutcome.model_validate(response.json())
    assert outcome.issue[0].expression == [parameter]


def test_search_pages(fhir, therapist, patient, two_assessments):
    bundle = fhir(therapist)(f"{BASE}/Observation?_count=2").json()
    assert len(bundle["entry"]) == 2
    assert any(link["relation"] == "next" for link in bundle["link"])
    Bundle.model_validate(bundle)


def test_capability_statement_lists_observation(client):
    statement = CapabilityStatement.model_validate(client.get(f"{BASE}/metadata").json())
    types = {r.type: r for r in statement.rest[0].resource}
    assert {p.name for p in types["Observation"].searchParam} == {
        "patient",
        "code",
        "date",
        "status",
        "category",
    }
