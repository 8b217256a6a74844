"""Condition, MedicationStatement, AllergyIntolerance, Coverage and Practitioner over
/fhir/R4/: valid R4 JSON, searchable by patient/code/status with paging, scoped to the
token's practice (another practice's patient matches nothing), unsupported parameters 400;
and a real client (fhirclient) reads an imported patient and searches their conditions."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.condition import Condition as FhirCondition
from fhir.resources.R4B.operationoutcome import OperationOutcome

from petrissage.patients.models import Patient
from tests import factories
from tests.fhir.fhir_import_helpers import (
    SYNTHEA,
    WARFARIN_OSTEOPOROSIS,
    condition,
    patient,
    run_import,
    write_bundle,
)

BASE = "/fhir/R4"


@pytest.fixture
def imported(practice, shared_data):
    summary = run_import(practice, shared_data / SYNTHEA / WARFARIN_OSTEOPOROSIS)
    assert summary.errors == []
    return Patient.objects.get(practice=practice)


def _get(client, staff, url):
    headers = {"Authorization": f"Bearer {factories.make_token(staff)}"}
    return client.get(url, headers=headers)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("resource", "query"),
    [
        ("Condition", "code=http://snomed.info/sct|64859006"),
        ("Condition", "code=M81.0&clinical-status=active"),
        ("MedicationStatement", "code=855332&status=active"),
        ("AllergyIntolerance", ""),
        ("Coverage", ""),
    ],
)
def test_search_by_patient_returns_valid_bundles(
    client, therapist, owner, imported, resource, query
):
    url = f"{BASE}/{resource}?patient=Patient/{imported.pk}&{query}"
    response = _get(client, owner, url)

    assert response.status_code == 200, response.content
    bundle = Bundle.model_validate_json(response.content)
    if resource in ("Condition", "MedicationStatement"):
        assert bundle.total
        assert bundle.total >= 1
        for entry in bundle.entry or []:
            assert entry.resource.get_resource_type() == resource
            read = _get(client, therapist, f"{BASE}/{resource}/{entry.resource.id}")
            assert read.status_code == 200


@pytest.mark.django_db
def test_conditions_carry_both_codings(client, owner, imported):
    response = _get(client, owner, f"{BASE}/Condition?patient={imported.pk}&code=64859006")
    bundle = Bundle.model_validate_json(response.content)
    condition = FhirCondition.model_validate(bundle.entry[0].resource.model_dump())
    codings = {(c.system, c.code) for c in condition.code.coding}
    assert codings == {
        ("http://snomed.info/sct", "64859006"),
        ("http://hl7.org/fhir/sid/icd-10-cm", "M81.0"),
    }


@pytest.mark.django_db
def test_paging_caps_count_and_links_the_next_page(client, owner, imported):
    response = _get(client, owner, f"{BASE}/Condition?patient={imported.pk}&_count=2")
    bundle = Bundle.model_validate_json(response.content)
    assert len(bundle.entry) == 2
    assert any(link.relation == "next" for link in bundle.link)
    capped = _get(client, owner, f"{BASE}/Condition?_count=100000")
    assert len(Bundle.model_validate_json(capped.content).entry) <= 100


@pytest.mark.django_db
def test_another_practice_finds_nothing_and_unknown_parameters_are_refused(
    client, outsider, owner, imported
):
    empty = _get(client, outsider, f"{BASE}/Condition?patient={imported.pk}")
    assert Bundle.model_validate_json(empty.content).total == 0
    condition_id = imported.conditions.first().pk
    assert _get(client, outsider, f"{BASE}/Condition/{condition_id}").status_code == 404

    refused = _get(client, owner, f"{BASE}/Condition?patient={imported.pk}&severity=high")
    assert refused.status_code == 400
    outcome = OperationOutcome.model_validate_json(refused.content)
    assert "severity" in outcome.issue[0].diagnostics


@pytest.mark.django_db
def test_front_desk_may_not_read_clinical_history(client, front_desk, imported):
    response = _get(client, front_desk, f"{BASE}/Condition?patient={imported.pk}")
    assert response.status_code == 200
    assert Bundle.model_validate_json(response.content).total == 0


@pytest.mark.django_db
def test_practitioners_are_searchable(client, owner, imported):
    response = _get(client, owner, f"{BASE}/Practitioner?_count=5")
    bundle = Bundle.model_validate_json(response.content)
    assert bundle.total
    assert bundle.total >= 1


@pytest.mark.django_db(transaction=True)
def test_fhirclient_reads_a_patient_and_searches_their_conditions(
    live_server, practice, owner, tmp_path
):
    from fhirclient import client as smart_client
    from fhirclient.models.condition import Condition
    from fhirclient.models.patient import Patient as FhirPatient

    path = write_bundle(
        tmp_path,
        "b.json",
        [patient(), condition("c-1", "278860009", "Chronic low back pain (finding)")],
    )
    assert run_import(practice, path).errors == []
    ours = Patient.objects.get(practice=practice)
    smart = smart_client.FHIRClient(
        settings={"app_id": "petrissage-test", "api_base": f"{live_server.url}{BASE}/"}
    )
    smart.server.session.headers["Authorization"] = f"Bearer {factories.make_token(owner)}"

    fetched = FhirPatient.read(str(ours.pk), smart.server)
    found = Condition.where(struct={"patient": str(ours.pk)}).perform_resources(smart.server)

    assert fetched.name[0].family == "Rivera"
    assert [c.code.coding[0].code for c in found] == ["278860009"]
    assert {c.code for c in found[0].code.coding} == {"278860009", "M54.50"}


@pytest.mark.django_db
def test_patient_search_by_an_imported_identifier_finds_them(client, owner, imported):
    identifier = "https://github.com/synthetichealth/synthea|22bbe238-220e-495c-8abc-0ce3aa28a605"
    response = _get(client, owner, f"{BASE}/Patient?identifier={identifier}")
    bundle = Bundle.model_validate_json(response.content)
    assert bundle.total == 1
    assert bundle.entry[0].resource.id == str(imported.pk)


@pytest.mark.django_db
def test_patient_everything_bundles_the_history(client, owner, outsider, front_desk, imported):
    url = f"{BASE}/Patient/{imported.pk}/$everything"
    response = _get(client, owner, url)

    assert response.status_code == 200
    bundle = Bundle.model_validate_json(response.content)
    kinds = {entry.resource.get_resource_type() for entry in bundle.entry}
    assert {"Patient", "Condition", "MedicationStatement", "Encounter", "Flag"} <= kinds
    assert _get(client, outsider, url).status_code == 404
    limited = Bundle.model_validate_json(_get(client, front_desk, url).content)
    assert {e.resource.get_resource_type() for e in limited.entry} <= {
        "Patient",
        "Coverage",
        "Appointment",
        "Claim",
    }
