"""Screening findings as FHIR Flag resources, validated by fhir.resources."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.flag import Flag
from fhir.resources.R4B.operationoutcome import OperationOutcome

from petrissage.audit.services import Actor
from petrissage.fhir.mapping.flag import CLASS_SYSTEM
from petrissage.patients import history_services
from tests.factories import make_token


def _get(client, url, staff):
    return client.get(url, headers={"Authorization": f"Bearer {make_token(staff)}"})


@pytest.fixture
def flagged(patient, therapist):
    actor = Actor.for_staff(therapist)
    history_services.medication_add(patient=patient, actor=actor, name="Xarelto 20 mg")
    history_services.condition_add(
        patient=patient,
        actor=actor,
        system="icd10",
        code="I82.401",
        display="Acute embolism and thrombosis of deep veins of right lower extremity",
    )
    return patient


def test_flags_for_a_patient_validate_and_carry_the_class(client, therapist, flagged):
    response = _get(client, f"/fhir/R4/Flag?patient=Patient/{flagged.pk}", therapist)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    bundle = Bundle.model_validate(response.json())
    flags = [Flag.model_validate(e.resource.model_dump()) for e in bundle.entry]
    classes = {f.category[0].coding[0].code for f in flags}
    assert {"absolute", "relative"} <= classes
    assert all(f.category[0].coding[0].system == CLASS_SYSTEM for f in flags)
    assert all(f.status == "active" for f in flags)
    dvt = next(f for f in flags if f.category[0].coding[0].code == "absolute")
    assert any(c.code == "I82.401" for c in dvt.code.coding)


def test_earlier_screenings_are_inactive(client, therapist, flagged):
    response = _get(client, f"/fhir/R4/Flag?patient={flagged.pk}&status=inactive", therapist)
    bundle = Bundle.model_validate(response.json())
    assert bundle.total >= 1
    assert all(e.resource.model_dump()["status"] == "inactive" for e in bundle.entry)


def test_read_one_flag(client, therapist, flagged):
    search = _get(client, f"/fhir/R4/Flag?patient={flagged.pk}", therapist).json()
    flag_id = search["entry"][0]["resource"]["id"]
    response = _get(client, f"/fhir/R4/Flag/{flag_id}", therapist)
    Flag.model_validate(response.json())


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("", "patient"),
        ("patient=abc", "patient"),
        ("patient=1&code=x", "code"),
        ("patient=1&status=gone", "status"),
    ],
)
def test_bad_searches_are_400_operation_outcomes(client, therapist, query, parameter):
    response = _get(client, f"/fhir/R4/Flag?{query}", therapist)
    assert response.status_code == 400
    outcome = OperationOutcome.model_validate(response.json())
    assert outcome.issue[0].expression == [parameter]


def test_other_practices_and_non_clinical_roles_see_no_flags(client, outsider, front_desk, flagged):
    for staff in (outsider, front_desk):
        response = _get(client, f"/fhir/R4/Flag?patient={flagged.pk}", staff)
        assert response.status_code == 200
        assert Bundle.model_validate(response.json()).total == 0
    assert client.get(f"/fhir/R4/Flag?patient={flagged.pk}").status_code == 401
