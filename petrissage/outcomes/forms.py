"""The parse boundary for outcome forms: an instrument's questions as form fields (built from
its FHIR Questionnaire and scorable definition) and the posted answers checked item by item.

Scored items take their range and answer options from the domain definition, so the form
offers exactly what the scoring accepts; free-text items (PSFS activity names) come from
the Questionnaire. Every problem is reported against the item's link id.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from petrissage.domain.outcomes import Instrument as Definition
from petrissage.domain.outcomes import InstrumentError, display_number
from petrissage.outcomes.models import Timepoint

Kind = Literal["scale", "choice", "number", "text"]
MAX_UPLOAD_BYTES = 512 * 1024
SCALE_MAX_POINTS = 11  # 0–10 and shorter ranges are buttons; longer ones a number box


@dataclass(frozen=True)
class Field:
    link_id: str
    text: str
    kind: Kind
    required: bool
    options: tuple[tuple[str, str], ...] = ()
    minimum: str = ""
    maximum: str = ""
    group: str = ""


def _walk(items: object, group: str = "") -> Iterator[tuple[Mapping[str, Any], str]]:
    if not isinstance(items, list):
        return
    for item in items:
        if not isinstance(item, Mapping):
            continue
        if item.get("type") == "group":
            yield from _walk(item.get("item"), str(item.get("text") or group))
        elif item.get("type") != "display":
            yield item, group


def _scored_field(raw: Mapping[str, Any], definition: Definition, group: str) -> Field:
    item = definition.item(str(raw["linkId"]))
    assert item is not None
    required = bool(raw.get("required", True))
    if item.options:
        options = tuple((display_number(o.value, 3), o.label) for o in item.options)
        return Field(item.link_id, item.text, "choice", required, options, group=group)
    low, high = display_number(item.minimum, 3), display_number(item.maximum, 3)
    points = item.maximum - item.minimum + 1
    if item.whole_numbers and points <= SCALE_MAX_POINTS:
        values = range(int(item.minimum), int(item.maximum) + 1)
        options = tuple((str(v), str(v)) for v in values)
        return Field(item.link_id, item.text, "scale", required, options, group=group)
    return Field(item.link_id, item.text, "number", required, (), low, high, group)


def instrument_fields(questionnaire: Mapping[str, Any], definition: Definition) -> list[Field]:
    """The questions to show, in Questionnaire order."""
    fields = []
    scored = {item.link_id for item in definition.items}
    for raw, group in _walk(questionnaire.get("item")):
        link_id = str(raw.get("linkId"))
        if link_id in scored:
            fields.append(_scored_field(raw, definition, group))
        elif raw.get("type") in ("string", "text") and link_id not in _calculated(raw):
            text = str(raw.get("text") or link_id)
            required = bool(raw.get("required", False))
            fields.append(Field(link_id, text, "text", required, group=group))
    return fields


def _calculated(raw: Mapping[str, Any]) -> set[str]:
    extensions = raw.get("extension") or []
    urls = {str(e.get("url", "")) for e in extensions if isinstance(e, Mapping)}
    return {str(raw.get("linkId"))} if any("calculated" in url for url in urls) else set()


def parse_answers(
    fields: list[Field], data: Mapping[str, str]
) -> tuple[dict[str, object], dict[str, str]]:
    """(answers, errors) from posted text. Numbers become Decimal; a blank optional item is
    left out (scoring decides whether enough were answered)."""
    answers: dict[str, object] = {}
    errors: dict[str, str] = {}
    for field in fields:
        text = (data.get(field.link_id) or "").strip()
        if not text:
            continue
        if field.kind == "text":
            answers[field.link_id] = text[:200]
            continue
        try:
            answers[field.link_id] = Decimal(text)
        except InvalidOperation:
            errors[field.link_id] = "Enter a number."
            continue
        if field.kind in ("scale", "choice") and text not in dict(field.options):
            errors[field.link_id] = "Choose one of the answers shown."
    return answers, errors


def parse_timepoint(value: str) -> str | None:
    return value if value in Timepoint.values else None


def parse_questionnaire_upload(content: bytes) -> dict[str, Any]:
    """The uploaded file as a JSON object; InstrumentError with a clear message otherwise."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise InstrumentError("The file is larger than 512 KB; a Questionnaire is much smaller.")
    try:
        parsed = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as problem:
        raise InstrumentError(f"The file is not valid JSON: {problem}") from None
    if not isinstance(parsed, dict) or parsed.get("resourceType") != "Questionnaire":
        raise InstrumentError("The file must be one FHIR R4 Questionnaire resource.")
    return parsed


@dataclass(frozen=True)
class BoundField:
    field: Field
    value: str
    error: str


def bind(fields: list[Field], data: Mapping[str, str], errors: Mapping[str, str]) -> list[Any]:
    """Fields with the posted text and any error, for the template."""
    return [BoundField(f, data.get(f.link_id, ""), errors.get(f.link_id, "")) for f in fields]
