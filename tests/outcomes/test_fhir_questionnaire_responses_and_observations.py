"""Outcome responses and check-ins at /fhir/R4/QuestionnaireResponse (outcome-<pk>,
checkin-<pk>) and outcome scores as Observations, validated by fhir.resources."""

from __future__ import annotations

from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from petrissage.audit.services import Actor
from petrissage.fhir.mapping.outcome_observation import outcome_to_observation
from petrissage.outcomes.checkin_services import checkin_answer
from petrissage.outcomes.selectors import instrument_for
from petrissage.outcomes.services import outcome_record
from tests.factories import make_token

CALM = {"pain_now": 2, "pain_worst": 4, "soreness": False, "calf_swelling": True}


def _get(client, url, staff):
    return client.get(url, headers={"Authorization": f"Bearer {make_token(staff)}"})


def test_outcome_and_check_in_responses_validate(client, therapist, outsider, case, check_in):
    response = outcome_record(
        case=case,
        instrument=instrument_for(case.practice, "nprs"),
        answers={"pain": 6},
        timepoint="baseline",
        actor=Actor.for_staff(therapist),
        staff=therapist,
    )
    checkin_answer(check_in=check_in, answers=CALM, actor=Actor.system(case.practice))
    page = _get(client, f"/fhir/R4/QuestionnaireResponse/outcome-{response.pk}", therapist)
    assert page.status_code == 200
    resource = QuestionnaireResponse.model_validate(page.json())
    assert resource.item[0].answer[0].valueInteger == 6
    page = _get(client, f"/fhir/R4/QuestionnaireResponse/checkin-{check_in.pk}", therapist)
    assert page.status_code == 200
    resource = QuestionnaireResponse.model_validate(page.json())
    assert {i.linkId for i in resource.item} >= {"pain_now", "calf_swelling"}
    bundle = _get(client, f"/fhir/R4/QuestionnaireResponse?patient={case.patient_id}", therapist)
    ids = {e["resource"]["id"] for e in bundle.json().get("entry", [])}
    assert {f"outcome-{response.pk}", f"checkin-{check_in.pk}"} <= ids
    other = _get(client, f"/fhir/R4/QuestionnaireResponse/outcome-{response.pk}", outsider)
    assert other.status_code == 404


def test_outcome_score_is_an_observation_with_loinc(case, therapist):
    response = outcome_record(
        case=case,
        instrument=instrument_for(case.practice, "nprs"),
        answers={"pain": 6},
        timepoint="baseline",
        actor=Actor.for_staff(therapist),
        staff=therapist,
    )
    observation = Observation.model_validate(outcome_to_observation(response))
    assert observation.code.coding[0].code == "72514-3"
    assert observation.valueQuantity.value == 6


def test_observation_endpoint_serves_outcome_scores(client, therapist, outsider, front_desk, case):
    for pain in (7, 3):
        response = outcome_record(
            case=case,
            instrument=instrument_for(case.practice, "nprs"),
            answers={"pain": pain},
            timepoint="baseline" if pain == 7 else "interim",
            actor=Actor.for_staff(therapist),
            staff=therapist,
        )
    page = _get(client, f"/fhir/R4/Observation/outcome-{response.pk}", therapist)
    assert page.status_code == 200
    assert Observation.model_validate(page.json()).valueQuantity.value == 3
    assert _get(client, f"/fhir/R4/Observation/outcome-{response.pk}", outsider).status_code == 404
    assert (
        _get(client, f"/fhir/R4/Observation/outcome-{response.pk}", front_desk).status_code == 404
    )
    url = f"/fhir/R4/Observation?category=survey&patient={case.patient_id}&code=72514-3"
    bundle = _get(client, url, therapist).json()
    assert bundle["total"] == 2
    for entry in bundle["entry"]:
        Observation.model_validate(entry["resource"])
    none = _get(client, "/fhir/R4/Observation?category=survey&code=lefs", therapist).json()
    assert none["total"] == 0
    bad = _get(client, "/fhir/R4/Observation?category=survey&flavour=x", therapist)
    assert bad.status_code == 400
    assert bad.json()["resourceType"] == "OperationOutcome"


def test_check_in_questionnaire_is_valid_and_matches_the_answers(client, therapist, check_in):
    from fhir.resources.R4B.questionnaire import Questionnaire

    from petrissage.fhir.mapping.questionnaire_response_outcomes import checkin_definition

    answers = {**CALM, "sleep": "better"}
    checkin_answer(check_in=check_in, answers=answers, actor=Actor.system(check_in.practice))
    questionnaire = Questionnaire.model_validate(checkin_definition(check_in.practice))
    types = {item.linkId: item.type for item in questionnaire.item}
    page = _get(client, f"/fhir/R4/QuestionnaireResponse/checkin-{check_in.pk}", therapist)
    response = QuestionnaireResponse.model_validate(page.json())
    assert response.questionnaire == questionnaire.url
    expected = {"integer": "valueInteger", "boolean": "valueBoolean", "choice": "valueCoding"}
    for item in response.item:
        assert getattr(item.answer[0], expected[types[item.linkId]]) is not None
