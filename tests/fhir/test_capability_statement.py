"""GET /fhir/R4/metadata: a valid CapabilityStatement, open to all, describing Patient."""

from __future__ import annotations

from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome

FHIR_JSON = "application/fhir+json; charset=utf-8"


def test_metadata_needs_no_token_and_is_a_valid_capability_statement(client, db):
    response = client.get("/fhir/R4/metadata")
    assert response.status_code == 200
    assert response["Content-Type"] == FHIR_JSON
    statement = CapabilityStatement.model_validate(response.json())
    assert statement.fhirVersion == "4.0.1"
    assert statement.format == ["json"]


def test_it_lists_patient_with_read_search_and_its_parameters(client, db):
    rest = client.get("/fhir/R4/metadata").json()["rest"][0]
    (patient,) = [resource for resource in rest["resource"] if resource["type"] == "Patient"]
    assert {i["code"] for i in patient["interaction"]} == {"read", "search-type"}
    params = {p["name"]: p["type"] for p in patient["searchParam"]}
    assert params["name"] == "string"
    assert params["birthdate"] == "date"
    assert params["identifier"] == "token"


def test_it_explains_bearer_token_security(client, db):
    security = client.get("/fhir/R4/metadata").json()["rest"][0]["security"]
    assert "Authorization: Bearer" in security["description"]


def test_the_implementation_url_is_the_fhir_base(client, db):
    statement = client.get("/fhir/R4/metadata").json()
    assert statement["implementation"]["url"] == "http://testserver/fhir/R4/"


def test_writes_are_refused_with_an_operation_outcome(client, db):
    response = client.post("/fhir/R4/metadata", "{}", content_type="application/fhir+json")
    assert response.status_code == 405
    assert response["Content-Type"] == FHIR_JSON
    OperationOutcome.model_validate(response.json())


def test_an_unknown_resource_type_is_404_operation_outcome(client, db):
    response = client.get("/fhir/R4/Medication?code=1234-5")
    assert response.status_code == 404
    outcome = OperationOutcome.model_validate(response.json())
    assert outcome.issue[0].code == "not-found"
