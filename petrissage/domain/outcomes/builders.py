"""Helpers that build FHIR R4 Questionnaire JSON carrying the Petrissage scoring extension.

Used for the built-in instruments; a practice can use them to author its own definitions.
"""

from __future__ import annotations

from typing import Any

from petrissage.domain.outcomes.extensions import (
    CODE_SOURCE_URL,
    LOINC,
    MAX_VALUE_URL,
    MIN_VALUE_URL,
    ORDINAL_VALUE_URL,
    SCORING_URL,
)

Json = dict[str, Any]
CANONICAL = "https://petrissage.dev/fhir/Questionnaire/"
ANSWERS = "https://petrissage.dev/fhir/CodeSystem/"
# reference/performance-and-data.md §A3: codes seen in public FHIR artefacts, not loinc.org.
SEEN_NOT_CHECKED = "; not checked against loinc.org (reference/performance-and-data.md §A3)"


def scoring_extension(*parts: tuple[str, str, object]) -> Json:
    return {"url": SCORING_URL, "extension": [{"url": u, k: v} for u, k, v in parts]}


def scored_items(*link_ids: str) -> tuple[tuple[str, str, object], ...]:
    return tuple(("item", "valueString", link_id) for link_id in link_ids)


def loinc_coding(code: str, display: str, seen_in: str) -> Json:
    source = {"url": "source", "valueString": seen_in + SEEN_NOT_CHECKED}
    verified = {"url": "verified", "valueBoolean": False}
    return {
        "system": LOINC,
        "code": code,
        "display": display,
        "extension": [{"url": CODE_SOURCE_URL, "extension": [source, verified]}],
    }


def integer_item(link_id: str, text: str, low: int, high: int, **extra: Any) -> Json:
    return {
        "linkId": link_id,
        "text": text,
        "type": "integer",
        "required": True,
        "extension": [
            {"url": MIN_VALUE_URL, "valueInteger": low},
            {"url": MAX_VALUE_URL, "valueInteger": high},
        ],
        **extra,
    }


def choice_item(link_id: str, text: str, system: str, options: list[tuple[str, str, int]]) -> Json:
    return {
        "linkId": link_id,
        "text": text,
        "type": "choice",
        "required": True,
        "answerOption": [
            {
                "valueCoding": {
                    "system": system,
                    "code": code,
                    "display": label,
                    "extension": [{"url": ORDINAL_VALUE_URL, "valueDecimal": weight}],
                }
            }
            for code, label, weight in options
        ],
    }


def questionnaire(qid: str, title: str, licence: str, body: Json) -> Json:
    return {
        "resourceType": "Questionnaire",
        "id": qid,
        "url": CANONICAL + qid,
        "version": "1.0.0",
        "name": qid.upper(),
        "title": title,
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": "Petrissage",
        "copyright": licence,
        **body,
    }
