"""The Petrissage scoring extension for FHIR R4 Questionnaires, and helpers to read it.

A Questionnaire becomes a scorable instrument when it carries one complex extension::

    {"url": "https://petrissage.dev/fhir/StructureDefinition/scoring",
     "extension": [
        {"url": "rule", "valueCode": "sum"},                 # required: sum | mean
        {"url": "direction", "valueCode": "higher-is-worse"},  # required
        {"url": "scoreMin", "valueDecimal": 0},              # optional; checked vs items
        {"url": "scoreMax", "valueDecimal": 27},             # optional; checked vs items
        {"url": "item", "valueString": "q1"}, ...            # required: scored linkIds
        {"url": "answerMin", "valueDecimal": 0},             # default item answer range
        {"url": "answerMax", "valueDecimal": 3},
        {"url": "minAnswered", "valueInteger": 3},           # default: every scored item;
                                                             #   fewer answers are prorated
        {"url": "mcidPoints", "valueDecimal": 2}, {"url": "mcidPercent", "valueDecimal": 30},
        {"url": "mcidSource", "valueString": "..."},
        {"url": "mdcPoints", "valueDecimal": 9}, {"url": "mdcSource", "valueString": "..."},
        {"url": "measures", "valueCode": "status"},          # status | change (e.g. PGIC)
        {"url": "anchorPoints", "valueDecimal": 2},          # change instruments: responder
        {"url": "anchorSource", "valueString": "..."},
        {"url": "construct", "valueString": "Pain"},         # word used in summaries
        {"url": "recall", "valueString": "past 7 days"},
        {"url": "note", "valueString": "..."}, ...
     ]}

Item answer ranges come from the standard ``minValue``/``maxValue`` extensions, from
``answerOption`` (``valueInteger``, or ``valueCoding`` with the ``ordinalValue``
extension), or from ``answerMin``/``answerMax`` above. A ``Coding`` may carry
``code-source`` (``source`` string, ``verified`` boolean) to say where a code was confirmed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation

from petrissage.domain.outcomes.model import InstrumentError

PETRISSAGE = "https://petrissage.dev/fhir/StructureDefinition/"
SCORING_URL = PETRISSAGE + "scoring"
CODE_SOURCE_URL = PETRISSAGE + "code-source"
MIN_VALUE_URL = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE_URL = "http://hl7.org/fhir/StructureDefinition/maxValue"
ORDINAL_VALUE_URL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
CALCULATED_URLS = frozenset(
    {
        "http://hl7.org/fhir/StructureDefinition/cqf-expression",
        "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression",
    }
)
LOINC = "http://loinc.org"

SCORING_PARTS = frozenset(
    {
        "rule", "direction", "scoreMin", "scoreMax", "item", "answerMin", "answerMax",
        "minAnswered", "mcidPoints", "mcidPercent", "mcidSource", "mdcPoints",
        "mdcSource", "measures", "anchorPoints", "anchorSource", "construct", "recall", "note",
    }
)  # fmt: skip


def extension_value(extension: Mapping[str, object], where: str) -> object:
    """The single value[x] of an extension."""
    values = [v for k, v in extension.items() if k.startswith("value")]
    if len(values) != 1:
        raise InstrumentError(f"{where}: extension {extension.get('url')!r} needs one value[x]")
    return values[0]


def extensions(element: Mapping[str, object], url: str) -> list[Mapping[str, object]]:
    raw = element.get("extension", [])
    if not isinstance(raw, list):
        raise InstrumentError(f"{element.get('linkId', 'Questionnaire')}: extension is not a list")
    return [e for e in raw if isinstance(e, Mapping) and e.get("url") == url]


def sub_extensions(extension: Mapping[str, object], where: str) -> list[Mapping[str, object]]:
    raw = extension.get("extension", [])
    if not isinstance(raw, list) or not all(isinstance(e, Mapping) for e in raw):
        raise InstrumentError(f"{where}: extension {extension.get('url')!r} is malformed")
    return raw


def to_decimal(value: object, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise InstrumentError(f"{where}: {value!r} is not a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InstrumentError(f"{where}: {value!r} is not a number") from None
    if not number.is_finite():
        raise InstrumentError(f"{where}: {value!r} is not a finite number")
    return number


class ScoringParams:
    """The sub-extensions of the scoring extension, read with type checks."""

    def __init__(self, parts: Mapping[str, Sequence[object]], where: str) -> None:
        self._parts = parts
        self._where = where

    @classmethod
    def from_questionnaire(cls, resource: Mapping[str, object], qid: str) -> ScoringParams:
        where = f"Questionnaire {qid!r}"
        found = extensions(resource, SCORING_URL)
        if not found:
            raise InstrumentError(
                f"{where} has no Petrissage scoring rule: add the extension {SCORING_URL} "
                "with at least 'rule' (sum or mean) and 'direction'"
            )
        if len(found) > 1:
            raise InstrumentError(f"{where} has more than one scoring extension")
        parts: dict[str, list[object]] = {}
        for sub in sub_extensions(found[0], where):
            if sub.get("url") not in SCORING_PARTS:
                raise InstrumentError(f"{where}: unknown scoring setting {sub.get('url')!r}")
            parts.setdefault(str(sub["url"]), []).append(extension_value(sub, where))
        return cls(parts, where)

    def _one(self, name: str) -> object | None:
        values = self._parts.get(name, [])
        if len(values) > 1:
            raise InstrumentError(f"{self._where}: scoring setting {name!r} is given twice")
        return values[0] if values else None

    def text(self, name: str, default: str | None = None) -> str | None:
        value = self._one(name)
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            raise InstrumentError(f"{self._where}: scoring setting {name!r} must be text")
        return value

    def required_text(self, name: str) -> str:
        value = self.text(name)
        if value is None:
            raise InstrumentError(f"{self._where}: scoring setting {name!r} is required")
        return value

    def texts(self, name: str) -> list[str]:
        values = self._parts.get(name, [])
        if not all(isinstance(v, str) and v for v in values):
            raise InstrumentError(f"{self._where}: every scoring {name!r} must be text")
        return [str(v) for v in values]

    def number(self, name: str) -> Decimal | None:
        value = self._one(name)
        if value is None:
            return None
        number = to_decimal(value, f"{self._where}: scoring setting {name!r}")
        if number < 0 and name not in {"scoreMin", "answerMin"}:
            raise InstrumentError(f"{self._where}: scoring setting {name!r} must not be negative")
        return number

    def integer(self, name: str) -> int | None:
        number = self.number(name)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise InstrumentError(f"{self._where}: scoring setting {name!r} must be whole")
        return int(number)
