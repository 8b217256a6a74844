"""The health-history intake as a FHIR R4 Questionnaire (id "intake"), built from the
question data in petrissage.domain.intake, so the definition and the form never drift.

Follow-up questions nest under the question that asks them, with enableWhen on its answer;
list questions (surgeries, medications …) are repeating groups whose columns are
"<list>.<column>". Choice answers are codings of a per-question code system.
"""

from __future__ import annotations

from typing import Any

from petrissage.domain.intake import CONSENT_TEXT, SECTIONS, Question
from petrissage.domain.intake.questions import MAX_SHORT, MAX_TEXT

QUESTIONNAIRE_ID = "intake"
QUESTIONNAIRE_URL = "https://petrissage.dev/fhir/Questionnaire/intake"
QUESTIONNAIRE_VERSION = "1"
CHOICE_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/intake-"
REGION_VALUE_SET = "https://petrissage.dev/fhir/ValueSet/body-region"
ITEM_TYPE = {
    "text": "text",
    "short": "string",
    "yesno": "boolean",
    "choice": "choice",
    "multi": "choice",
    "number": "integer",
    "date": "date",
    "region": "choice",
    "regions": "choice",
    "group": "group",
}
Item = dict[str, Any]


def choice_system(link_id: str) -> str:
    """The code system of one choice question's answers ("cancer" -> …/intake-cancer)."""
    return f"{CHOICE_SYSTEM}{link_id.replace('.', '-').replace('_', '-')}"


def intake_questionnaire() -> dict[str, Any]:
    sections: list[Item] = [
        {
            "linkId": section.key,
            "text": section.title,
            "type": "group",
            "item": [_item(q) for q in section.questions],
        }
        for section in SECTIONS
    ]
    sections.append(_consent())
    return {
        "resourceType": "Questionnaire",
        "id": QUESTIONNAIRE_ID,
        "url": QUESTIONNAIRE_URL,
        "version": QUESTIONNAIRE_VERSION,
        "name": "PetrissageIntake",
        "title": "Health history before massage therapy",
        "status": "active",
        "subjectType": ["Patient"],
        "description": "Reason for visit and goals, conditions, surgeries, fractures, "
        "medications, allergies, pregnancy and the red-flag questions that feed "
        "contraindication screening (clinical.md §2), with consent to treat.",
        "item": sections,
    }


def _item(q: Question) -> Item:
    item: Item = {"linkId": q.key, "text": q.label, "type": ITEM_TYPE[q.kind]}
    if q.required:
        item["required"] = True
    if q.kind in ("regions", "multi", "group"):
        item["repeats"] = True
    if q.kind == "group":
        item["item"] = [_column(q, column) for column in q.fields]
    if q.kind in ("choice", "multi"):
        item["answerOption"] = _options(q, q.key)
    if q.kind in ("region", "regions"):
        item["answerValueSet"] = REGION_VALUE_SET
    if q.kind in ("short", "text"):
        item["maxLength"] = MAX_SHORT if q.kind == "short" else MAX_TEXT
    if q.help:
        item.setdefault("item", []).append(
            {"linkId": f"{q.key}.help", "text": q.help, "type": "display"}
        )
    if q.followups:
        children = [_item(f) for f in q.followups]
        for child in children:
            child["enableWhen"] = _enable_when(q)
            if len(child["enableWhen"]) > 1:
                child["enableBehavior"] = "any"
        item.setdefault("item", []).extend(children)
    return item


def _column(group: Question, column: Question) -> Item:
    link_id = f"{group.key}.{column.key}"
    item: Item = {"linkId": link_id, "text": column.label, "type": ITEM_TYPE[column.kind]}
    if column.required:
        item["required"] = True
    if column.kind == "choice":
        item["answerOption"] = _options(column, link_id)
    if column.kind == "region":
        item["answerValueSet"] = REGION_VALUE_SET
    return item


def _options(q: Question, link_id: str) -> list[Item]:
    system = choice_system(link_id)
    return [
        {"valueCoding": {"system": system, "code": value, "display": label}}
        for value, label in q.choices
        if value
    ]


def _enable_when(q: Question) -> list[Item]:
    if q.kind == "yesno":
        return [{"question": q.key, "operator": "=", "answerBoolean": True}]
    system = choice_system(q.key)
    return [
        {"question": q.key, "operator": "=", "answerCoding": {"system": system, "code": value}}
        for value in q.opens
    ]


def _consent() -> Item:
    return {
        "linkId": "consent",
        "text": "Consent and signature",
        "type": "group",
        "item": [
            {"linkId": "consent.text", "text": CONSENT_TEXT, "type": "display"},
            {
                "linkId": "consent_signature",
                "text": "Typed signature",
                "type": "string",
                "required": True,
            },
            {"linkId": "consent_at", "text": "Signed at", "type": "dateTime", "readOnly": True},
        ],
    }


def intake_definition(practice: object) -> dict[str, Any]:
    """The QUESTIONNAIRE_DEFINITIONS builder: the same form for every practice."""
    return intake_questionnaire()
