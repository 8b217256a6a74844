"""Intake answers at /fhir/R4/QuestionnaireResponse (ids intake-<pk>) and the intake
Questionnaire they answer, validated by fhir.resources."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from petrissage.audit.models import AuditEvent
from petrissage.audit.services import Actor
from petrissage.fhir.mapping.intake_questionnaire import QUESTIONNAIRE_URL
from petrissage.fhir.questionnaire_sources import QUESTIONNAIRE_SOURCES, RESPONSE_ID
from petrissage.patients import intake_services
from tests import factories
from tests.factories import make_token
from tests.intake.helpers import submitted_intake


def _get(client, url, staff):
    return client.get(url, headers={"Authorization": f"Bearer {make_token(staff)}"})


def _link_ids(items, found=None):
    found = set() if found is None else found
    for item in items:
        found.add(item["linkId"])
        _link_ids(item.get("item", []), found)
        for answer in item.get("answer", []):
            _link_ids(answer.get("item", []), found)
    return found


@pytest.fixture
def two_versions(patient, therapist):
    first = submitted_intake(
        patient,
        therapist,
        anticoagulant=True,
        cancer="past",
        lymph_nodes_removed=["axilla-left"],
        medications=[{"name": "Warfarin 5 mg", "rxnorm": "855332"}],
    )
    actor = Actor.for_staff(therapist)
    draft = intake_services.intake_start(patient=patient, actor=actor)
    intake_services.intake_save_draft(intake=draft, actor=actor, answers={"goals": "Garden"})
    return first, draft


def test_search_by_patient_returns_every_version_and_validates(client, therapist, two_versions):
    first, draft = two_versions
    response = _get(client, f"/fhir/R4/QuestionnaireResponse?patient={first.patient_id}", therapist)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    bundle = Bundle.model_validate(response.json())
    resources = [e.resource.model_dump(mode="json") for e in bundle.entry]
    for resource in resources:
        QuestionnaireResponse.model_validate(resource)
    assert {r["id"] for r in resources} == {f"intake-{first.pk}", f"intake-{draft.pk}"}
    assert {r["status"] for r in resources} == {"completed", "in-progress"}
    assert all(r["questionnaire"] == QUESTIONNAIRE_URL for r in resources)
    assert bundle.entry[0].fullUrl.endswith(f"/fhir/R4/QuestionnaireResponse/{resources[0]['id']}")

    completed = _get(
        client,
        f"/fhir/R4/QuestionnaireResponse?subject=Patient/{first.patient_id}&status=completed",
        therapist,
    ).json()
    assert [e["resource"]["id"] for e in completed["entry"]] == [f"intake-{first.pk}"]


def test_read_one_response_with_coded_choices(client, therapist, two_versions):
    first, _ = two_versions
    response = _get(client, f"/fhir/R4/QuestionnaireResponse/intake-{first.pk}", therapist)
    assert response.status_code == 200
    resource = QuestionnaireResponse.model_validate(response.json()).model_dump(mode="json")
    medical = next(i for i in resource["item"] if i["linkId"] == "medical")
    cancer = next(i for i in medical["item"] if i["linkId"] == "cancer")
    assert cancer["answer"][0]["valueCoding"]["code"] == "past"
    nodes = next(i for i in cancer["answer"][0]["item"] if i["linkId"] == "lymph_nodes_removed")
    assert nodes["answer"][0]["valueCoding"]["display"] == "Left armpit"
    assert AuditEvent.objects.filter(
        action="questionnaire_response.fhir_read", patient=first.patient
    ).exists()


def test_every_answered_link_id_is_in_the_questionnaire(client, therapist, two_versions):
    first, _ = two_versions
    definition = _get(client, "/fhir/R4/Questionnaire/intake", therapist)
    assert definition.status_code == 200
    questionnaire = Questionnaire.model_validate(definition.json()).model_dump(mode="json")
    assert questionnaire["url"] == QUESTIONNAIRE_URL
    defined = _link_ids(questionnaire["item"])
    answered = _get(client, f"/fhir/R4/QuestionnaireResponse/intake-{first.pk}", therapist).json()
    assert _link_ids(answered["item"]) <= defined
    assert {"calf_swelling", "anticoagulant", "pregnancy_weeks", "surgeries.on"} <= defined

    listed = Bundle.model_validate(_get(client, "/fhir/R4/Questionnaire", therapist).json())
    listed_ids = [e.resource.id for e in listed.entry]
    assert "intake" in listed_ids
    assert len(listed_ids) == len(set(listed_ids))


def test_follow_ups_are_enabled_by_their_question(client, therapist):
    items = _get(client, "/fhir/R4/Questionnaire/intake", therapist).json()["item"]
    pregnancy = next(s for s in items if s["linkId"] == "pregnancy")["item"][0]
    weeks = next(i for i in pregnancy["item"] if i["linkId"] == "pregnancy_weeks")
    assert weeks["enableWhen"] == [{"question": "pregnant", "operator": "=", "answerBoolean": True}]
    medical = next(s for s in items if s["linkId"] == "medical")["item"]
    cancer = next(i for i in medical if i["linkId"] == "cancer")
    sites = next(i for i in cancer["item"] if i["linkId"] == "cancer_sites")
    assert sites["enableBehavior"] == "any"
    assert {w["answerCoding"]["code"] for w in sites["enableWhen"]} == {"current", "past"}


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("", "patient"),
        ("patient=abc", "patient"),
        ("patient=1&code=x", "code"),
        ("patient=1&status=done", "status"),
        ("patient=1&_count=many", "_count"),
    ],
)
def test_bad_searches_are_400_operation_outcomes(client, therapist, query, parameter):
    response = _get(client, f"/fhir/R4/QuestionnaireResponse?{query}", therapist)
    assert response.status_code == 400
    outcome = OperationOutcome.model_validate(response.json())
    assert outcome.issue[0].expression == [parameter]


@pytest.mark.parametrize("bad_id", ["intake-abc", "12", "nosuch-1", "intake-999999"])
def test_unknown_ids_are_404(client, therapist, bad_id):
    response = _get(client, f"/fhir/R4/QuestionnaireResponse/{bad_id}", therapist)
    assert response.status_code == 404
    OperationOutcome.model_validate(response.json())


def test_other_practices_and_non_clinical_roles_are_refused(
    client, outsider, front_desk, two_versions
):
    first, _ = two_versions
    read = f"/fhir/R4/QuestionnaireResponse/intake-{first.pk}"
    search = f"/fhir/R4/QuestionnaireResponse?patient={first.patient_id}"
    for staff in (outsider, front_desk):
        assert _get(client, read, staff).status_code == 404
        found = _get(client, search, staff)
        assert found.status_code == 200
        assert Bundle.model_validate(found.json()).total == 0
    assert client.get(read).status_code == 401


def test_a_patient_without_intakes_has_an_empty_bundle(client, therapist, practice):
    other = factories.make_patient(practice, given_name="No", family_name="Forms")
    bundle = _get(client, f"/fhir/R4/QuestionnaireResponse?patient={other.pk}", therapist).json()
    assert bundle["total"] == 0
    assert "entry" not in bundle


def test_sources_have_unique_prefixes_that_make_valid_ids():
    prefixes = [s.prefix for s in QUESTIONNAIRE_SOURCES]
    assert len(prefixes) == len(set(prefixes))
    for source in QUESTIONNAIRE_SOURCES:
        assert RESPONSE_ID.match(f"{source.prefix}-1")
        assert callable(source.reader())
        assert callable(source.searcher())


def test_capability_statement_lists_both(client):
    statement = CapabilityStatement.model_validate(client.get("/fhir/R4/metadata").json())
    types = {r.type for r in statement.rest[0].resource}
    assert {"QuestionnaireResponse", "Questionnaire"} <= types


def test_every_listed_questionnaire_is_valid_r4_and_readable_by_its_id(client, therapist):
    listed = Bundle.model_validate(_get(client, "/fhir/R4/Questionnaire", therapist).json())
    ids = {entry.resource.id for entry in listed.entry}
    assert {"intake", "post-session-check-in", "nprs", "psfs", "lefs", "pgic", "peg"} <= ids
    for questionnaire_id in ids:
        read = _get(client, f"/fhir/R4/Questionnaire/{questionnaire_id}", therapist)
        assert read.status_code == 200, questionnaire_id
        assert Questionnaire.model_validate(read.json()).id == questionnaire_id
