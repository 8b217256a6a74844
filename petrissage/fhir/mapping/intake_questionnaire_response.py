"""An intake version as a FHIR R4 QuestionnaireResponse (id "intake-<pk>"), answering the
Questionnaire of intake_questionnaire.py.

Sections are group items (linkId = section key); questions carry their key as linkId;
follow-up questions nest inside the answer that asks them; each row of a list (surgeries,
medications …) is a repeated group item whose cells are "<list>.<column>". Choices are
codings of the question's own code system (intake_questionnaire.choice_system).

Also the intake source of /fhir/R4/QuestionnaireResponse (see fhir/questionnaire_sources.py):
`intake_response_read` and `intake_response_search`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from petrissage.domain.intake import REGION_CODE_SYSTEM, SECTIONS, Question, is_asked
from petrissage.domain.regions import AREAS, is_region, region
from petrissage.fhir.mapping.intake_questionnaire import QUESTIONNAIRE_URL, choice_system
from petrissage.fhir.questionnaire_sources import Found
from petrissage.patients.models import Intake, IntakeStatus, Patient
from petrissage.practice.models import Practice

ID_PREFIX = "intake"
Item = dict[str, Any]


def intake_to_questionnaire_response(intake: Intake) -> dict[str, Any]:
    submitted = intake.status == IntakeStatus.SUBMITTED
    authored = intake.submitted_at if submitted and intake.submitted_at else intake.updated_at
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": f"{ID_PREFIX}-{intake.pk}",
        "identifier": {
            "system": "https://petrissage.dev/fhir/NamingSystem/intake-version",
            "value": f"{intake.patient_id}-v{intake.version}",
        },
        "questionnaire": QUESTIONNAIRE_URL,
        "status": "completed" if submitted else "in-progress",
        "subject": {"reference": f"Patient/{intake.patient_id}"},
        "authored": authored.isoformat(),
        "item": list(_sections(intake.answers or {})),
    }
    if intake.filled_by_patient:
        resource["author"] = resource["source"] = {"reference": f"Patient/{intake.patient_id}"}
    if submitted:
        resource["item"].append(_consent(intake))
    return resource


def _sections(answers: Mapping[str, object]) -> Iterator[Item]:
    for section in SECTIONS:
        items = [i for q in section.questions for i in _items(q, answers)]
        if items:
            yield {"linkId": section.key, "text": section.title, "item": items}


def _items(q: Question, answers: Mapping[str, object]) -> Iterator[Item]:
    value = answers.get(q.key)
    if q.kind == "group":
        rows = value if isinstance(value, list) else []
        for row in rows:
            if isinstance(row, Mapping):
                cells = [c for f in q.fields for c in _cell(q, f, row.get(f.key))]
                if cells:
                    yield {"linkId": q.key, "text": q.label, "item": cells}
        return
    answer = _answers(q, value)
    if not answer:
        return
    followups = [i for f in q.followups for i in _items(f, answers)]
    if followups and is_asked(q, answers):
        answer[0]["item"] = followups
    yield {"linkId": q.key, "text": q.label, "answer": answer}


def _cell(group: Question, column: Question, value: object) -> Iterator[Item]:
    answer = _answers(column, value, link_id=f"{group.key}.{column.key}")
    if answer:
        yield {"linkId": f"{group.key}.{column.key}", "text": column.label, "answer": answer}


def _answers(q: Question, value: object, *, link_id: str = "") -> list[Item]:
    if value is None or value == "" or value == []:
        return []
    values = value if isinstance(value, list) else [value]
    return [_typed(q, v, link_id or q.key) for v in values]


def _typed(q: Question, value: object, link_id: str) -> Item:
    if q.kind == "yesno":
        return {"valueBoolean": value is True}
    if q.kind == "number" and isinstance(value, int):
        return {"valueInteger": value}
    if q.kind == "date":
        return {"valueDate": str(value)}
    if q.kind in ("region", "regions"):
        return {"valueCoding": region_coding(str(value))}
    if q.kind in ("choice", "multi"):
        labels = dict(q.choices)
        coding = {"system": choice_system(link_id), "code": str(value)}
        if str(value) in labels:
            coding["display"] = labels[str(value)]
        return {"valueCoding": coding}
    return {"valueString": str(value)}


def region_coding(place: str) -> dict[str, str]:
    """A body region code, or an area name ("upper back") standing for all its regions."""
    if is_region(place):
        return {"system": REGION_CODE_SYSTEM, "code": place, "display": region(place).label}
    display = f"{place.capitalize()} (whole area)" if place in AREAS else place
    return {"system": REGION_CODE_SYSTEM, "code": place, "display": display}


def _consent(intake: Intake) -> Item:
    items: list[Item] = [
        {
            "linkId": "consent_signature",
            "text": "Typed signature",
            "answer": [{"valueString": intake.consent_signature}],
        }
    ]
    if intake.consent_at is not None:
        items.append(
            {
                "linkId": "consent_at",
                "text": "Signed at",
                "answer": [{"valueDateTime": intake.consent_at.isoformat()}],
            }
        )
    return {"linkId": "consent", "text": "Consent and signature", "item": items}


# --- the intake source of /fhir/R4/QuestionnaireResponse ---------------------------------


def intake_response_read(practice: Practice, pk: int) -> Found | None:
    """Intake `pk` of this practice (draft or submitted), or None."""
    intake = Intake.objects.select_related("patient").filter(practice=practice, pk=pk).first()
    if intake is None:
        return None
    return Found(intake.patient, intake_to_questionnaire_response(intake))


def intake_response_search(practice: Practice, patient: Patient) -> list[Found]:
    """Every intake version of the patient, newest first."""
    intakes = Intake.objects.filter(practice=practice, patient=patient).order_by("-version")
    return [Found(patient, intake_to_questionnaire_response(i)) for i in intakes[:100]]
