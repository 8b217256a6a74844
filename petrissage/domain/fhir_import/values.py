"""Small parsers for FHIR datatypes. Bad values raise MappingError with a reason naming the
element, which the importer reports against the resource and skips."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
ICD10_SYSTEMS = (ICD10CM, "http://hl7.org/fhir/sid/icd-10", "urn:oid:2.16.840.1.113883.6.90")
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
LOINC = "http://loinc.org"
NPI = "http://hl7.org/fhir/sid/us-npi"

DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class MappingError(Exception):
    """The resource cannot be imported; the message says why (element and value)."""


def fhir_date(value: Any, element: str) -> date | None:
    """YYYY, YYYY-MM, YYYY-MM-DD, or a dateTime (its date part). Partial dates -> day 1."""
    if value in (None, ""):
        return None
    text = str(value)[:10]
    match = DATE.match(text)
    if not match:
        raise MappingError(f"{element}: {str(value)[:40]!r} is not a FHIR date")
    year, month, day = match.groups()
    try:
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise MappingError(f"{element}: {str(value)[:40]!r} is not a real date") from None


def fhir_datetime(value: Any, element: str) -> datetime | None:
    """A dateTime as an aware UTC datetime; a date alone means midnight UTC."""
    if value in (None, ""):
        return None
    text = str(value)
    if len(text) <= 10:
        day = fhir_date(text, element)
        return datetime(day.year, day.month, day.day, tzinfo=UTC) if day else None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        fhir_date(text, element)  # names an impossible date precisely
        raise MappingError(f"{element}: {text[:40]!r} is not a FHIR dateTime") from None
    if moment.tzinfo is None:
        raise MappingError(f"{element}: {text[:40]!r} has a time but no time zone")
    return moment.astimezone(UTC)


def decimal_value(value: Any, element: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise MappingError(f"{element}: {str(value)[:20]!r} is not a number") from None
    if not number.is_finite() or abs(number) >= 100000:
        raise MappingError(f"{element}: {value!r} is out of range")
    return number.quantize(Decimal("0.1"))


def codings(concept: Any) -> list[dict[str, Any]]:
    if not isinstance(concept, dict):
        return []
    return [c for c in concept.get("coding") or [] if isinstance(c, dict)]


def coding_in(concept: Any, *systems: str) -> dict[str, Any] | None:
    for coding in codings(concept):
        if coding.get("system") in systems and coding.get("code"):
            return coding
    return None


def concept_text(concept: Any) -> str:
    if not isinstance(concept, dict):
        return ""
    if concept.get("text"):
        return str(concept["text"])
    for coding in codings(concept):
        if coding.get("display"):
            return str(coding["display"])
    for coding in codings(concept):
        if coding.get("code"):
            return str(coding["code"])
    return ""


def first_code(concept: Any) -> str:
    for coding in codings(concept):
        if coding.get("code"):
            return str(coding["code"])
    return ""


def status_code(concept: Any, default: str) -> str:
    return first_code(concept) or default


def clip(value: Any, length: int) -> str:
    return str(value or "").strip()[:length]


def period_start(resource: dict[str, Any], prefix: str) -> Any:
    """value[x] of a choice element: prefixDateTime, prefixPeriod.start, or prefixDate."""
    for suffix in ("DateTime", "Date", "Instant"):
        if resource.get(prefix + suffix):
            return resource[prefix + suffix]
    period = resource.get(prefix + "Period")
    if isinstance(period, dict):
        return period.get("start") or period.get("end")
    return None
