"""An intake exports as a FHIR R4 QuestionnaireResponse that validates."""

from __future__ import annotations

from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from petrissage.audit.services import Actor
from petrissage.domain.intake import REGION_CODE_SYSTEM
from petrissage.fhir.mapping.intake_questionnaire_response import intake_to_questionnaire_response
from petrissage.patients import intake_services
from tests.intake.helpers import all_no, submitted_intake


def _items(items):
    for item in items:
        yield item
        yield from _items(item.get("item", []))
        for answer in item.get("answer", []):
            yield from _items(answer.get("item", []))


def test_a_submitted_intake_is_a_completed_response(therapist, patient):
    intake = submitted_intake(
        patient,
        therapist,
        pregnant=True,
        pregnancy_weeks=20,
        pregnancy_high_risk=False,
        skin_lesions=True,
        skin_lesion_regions=["calf-left", "upper back"],
        surgeries=[{"on": "2020-03-04", "description": "Hip", "region": "hip-right"}],
    )
    resource = intake_to_questionnaire_response(intake)
    QuestionnaireResponse.model_validate(resource)
    assert resource["status"] == "completed"
    assert resource["subject"] == {"reference": f"Patient/{patient.pk}"}
    items = {i["linkId"]: i for i in _items(resource["item"])}
    assert items["pregnant"]["answer"][0]["valueBoolean"] is True
    assert items["pregnant"]["answer"][0]["item"][0]["linkId"] == "pregnancy_weeks"
    assert items["pregnancy_weeks"]["answer"] == [{"valueInteger": 20}]
    assert items["surgeries.on"]["answer"] == [{"valueDate": "2020-03-04"}]
    codings = [a["valueCoding"] for a in items["skin_lesion_regions"]["answer"]]
    assert codings[0] == {
        "system": REGION_CODE_SYSTEM,
        "code": "calf-left",
        "display": "Calf (gastrocnemius / soleus), left",
    }
    assert codings[1]["code"] == "upper back"
    assert items["reason_for_visit"]["answer"][0]["valueString"].startswith("Low back pain")
    assert items["consent_signature"]["answer"] == [{"valueString": "Maria Lopez"}]


def test_a_draft_is_in_progress_and_validates(therapist, patient):
    actor = Actor.for_staff(therapist)
    intake = intake_services.intake_start(patient=patient, actor=actor)
    intake_services.intake_save_draft(intake=intake, actor=actor, answers={"goals": "Sleep"})
    resource = intake_to_questionnaire_response(intake)
    QuestionnaireResponse.model_validate(resource)
    assert resource["status"] == "in-progress"
    assert [i["linkId"] for i in _items(resource["item"])] == ["reason", "goals"]


def test_follow_ups_not_asked_are_left_out(therapist, patient):
    intake = submitted_intake(patient, therapist, **{**all_no(), "pregnancy_weeks": 12})
    linked = {i["linkId"] for i in _items(intake_to_questionnaire_response(intake)["item"])}
    assert "pregnancy_weeks" not in linked
    assert "pregnant" in linked
