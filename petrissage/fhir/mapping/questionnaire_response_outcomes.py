"""Outcome responses ("outcome-<pk>") and post-session check-ins ("checkin-<pk>") as FHIR R4
QuestionnaireResponse, registered in fhir/questionnaire_sources.py."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from petrissage.domain.outcomes import builtin_questionnaire
from petrissage.fhir.questionnaire_sources import Found
from petrissage.outcomes.checkin_questions import BY_KEY, QUESTIONS, Question
from petrissage.outcomes.models import CheckIn, OutcomeResponse
from petrissage.patients.models import Patient
from petrissage.practice.models import Practice

CANONICAL = "https://petrissage.dev/fhir/Questionnaire/"
CHECKIN_QUESTIONNAIRE = CANONICAL + "post-session-check-in"
TIMEPOINT_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/outcome-timepoint"
CHECKIN_ANSWERS = "https://petrissage.dev/fhir/CodeSystem/check-in-"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"


def _answer(value: object) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int):
        return {"valueInteger": value}
    if isinstance(value, float | Decimal):
        number = Decimal(str(value))
        if number == number.to_integral_value():
            return {"valueInteger": int(number)}
        return {"valueDecimal": float(number)}
    return {"valueString": str(value)}


def outcome_to_questionnaire_response(response: OutcomeResponse) -> dict[str, Any]:
    questionnaire = response.instrument.questionnaire
    answers = response.answers if isinstance(response.answers, dict) else {}
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": f"outcome-{response.pk}",
        "questionnaire": str(questionnaire.get("url") or CANONICAL + response.instrument.key),
        "status": "completed",
        "subject": {"reference": f"Patient/{response.patient_id}"},
        "authored": response.collected_at.isoformat(),
        "extension": [
            {
                "url": TIMEPOINT_SYSTEM,
                "valueCode": response.timepoint,
            }
        ],
        "item": [
            {"linkId": link_id, "answer": [_answer(value)]}
            for link_id, value in answers.items()
            if value is not None and value != ""
        ],
    }
    if response.source == "link":
        resource["source"] = {"reference": f"Patient/{response.patient_id}"}
    return resource


def outcome_response_read(practice: Practice, pk: int) -> Found | None:
    found = (
        OutcomeResponse.objects.select_related("patient", "instrument")
        .filter(practice=practice, pk=pk)
        .first()
    )
    return None if found is None else Found(found.patient, outcome_to_questionnaire_response(found))


def outcome_response_search(practice: Practice, patient: Patient) -> list[Found]:
    rows = (
        OutcomeResponse.objects.select_related("instrument")
        .filter(practice=practice, patient=patient)
        .order_by("-collected_at", "-id")[:200]
    )
    return [Found(patient, outcome_to_questionnaire_response(r)) for r in rows]


def checkin_to_questionnaire_response(check_in: CheckIn) -> dict[str, Any]:
    answers = check_in.answers if isinstance(check_in.answers, dict) else {}
    answered = check_in.answered_at is not None
    texts = {q.key: q.text for q in QUESTIONS}
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": f"checkin-{check_in.pk}",
        "questionnaire": CHECKIN_QUESTIONNAIRE,
        "status": "completed" if answered else "in-progress",
        "subject": {"reference": f"Patient/{check_in.patient_id}"},
        "encounter": {"reference": f"Encounter/{check_in.session_id}"},
        "authored": (check_in.answered_at or check_in.due_at).isoformat(),
        "source": {"reference": f"Patient/{check_in.patient_id}"},
        "item": [
            {"linkId": key, "text": texts.get(key, key), "answer": [_checkin_answer(key, value)]}
            for key, value in answers.items()
            if value is not None and value != ""
        ],
    }
    if not resource["item"]:
        del resource["item"]  # not answered yet: FHIR forbids an empty list
    return resource


def checkin_response_read(practice: Practice, pk: int) -> Found | None:
    found = CheckIn.objects.select_related("patient").filter(practice=practice, pk=pk).first()
    return None if found is None else Found(found.patient, checkin_to_questionnaire_response(found))


def checkin_response_search(practice: Practice, patient: Patient) -> list[Found]:
    rows = CheckIn.objects.filter(practice=practice, patient=patient).order_by("-due_at")[:200]
    return [Found(patient, checkin_to_questionnaire_response(c)) for c in rows]


def _checkin_answer(key: str, value: object) -> dict[str, Any]:
    question = BY_KEY.get(key)
    if question is not None and question.kind == "choice":
        label = dict(question.options).get(str(value), str(value))
        coding = {"system": CHECKIN_ANSWERS + key, "code": str(value), "display": label}
        return {"valueCoding": coding}
    return _answer(value)


def _checkin_item(question: Question) -> dict[str, Any]:
    item: dict[str, Any] = {"linkId": question.key, "text": question.text}
    if question.kind == "nprs":
        item["type"] = "integer"
        item["extension"] = [
            {"url": MIN_VALUE, "valueInteger": 0},
            {"url": MAX_VALUE, "valueInteger": 10},
        ]
    elif question.kind == "yesno":
        item["type"] = "boolean"
    elif question.kind == "choice":
        item["type"] = "choice"
        item["answerOption"] = [
            {"valueCoding": {"system": CHECKIN_ANSWERS + question.key, "code": c, "display": d}}
            for c, d in question.options
        ]
    else:
        item["type"] = "string"
    item["required"] = question.required
    if question.shown_if:
        item["enableWhen"] = [
            {"question": question.shown_if, "operator": "=", "answerBoolean": True}
        ]
    return item


def checkin_definition(practice: Practice) -> dict[str, Any]:
    """The post-session check-in (clinical.md §5) as a Questionnaire."""
    return {
        "resourceType": "Questionnaire",
        "id": "post-session-check-in",
        "url": CHECKIN_QUESTIONNAIRE,
        "name": "PostSessionCheckIn",
        "title": "How are you after your visit? (post-session check-in)",
        "status": "active",
        "subjectType": ["Patient"],
        "item": [_checkin_item(q) for q in QUESTIONS],
    }


def nprs_definition(practice: Practice) -> dict[str, Any]:
    return builtin_questionnaire("nprs")


def psfs_definition(practice: Practice) -> dict[str, Any]:
    return builtin_questionnaire("psfs")


def lefs_definition(practice: Practice) -> dict[str, Any]:
    return builtin_questionnaire("lefs")


def pgic_definition(practice: Practice) -> dict[str, Any]:
    return builtin_questionnaire("pgic")


def peg_definition(practice: Practice) -> dict[str, Any]:
    return builtin_questionnaire("peg")
