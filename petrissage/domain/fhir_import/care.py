"""Cases, treatment plans and signed session notes exported by Petrissage itself.

export_fhir puts what the standard resources cannot hold exactly (case title and dates,
diagnoses in claim order, the plan's dose and goals, the note's SOAP text, pain scores,
signature and treatment lines) in one extension per resource whose valueString is JSON:
CarePlan → `petrissage-care` {case, plan}; Encounter → `petrissage-session` {note, lines}.
A Procedure marked `petrissage-session-line` is one of those lines: it is read back from its
Encounter, so the Procedure itself is skipped (it would otherwise become past history)."""

from __future__ import annotations

import json
from typing import Any

from petrissage.domain.fhir_import.records import Record
from petrissage.domain.fhir_import.references import References
from petrissage.domain.fhir_import.values import MappingError

STRUCTURE = "https://petrissage.dev/fhir/StructureDefinition/"
CARE_EXTENSION = f"{STRUCTURE}petrissage-care"
SESSION_EXTENSION = f"{STRUCTURE}petrissage-session"
LINE_EXTENSION = f"{STRUCTURE}petrissage-session-line"


def carried(resource: dict[str, Any], url: str) -> dict[str, Any] | None:
    """The JSON payload of extension url, None when the resource has none."""
    for extension in resource.get("extension") or []:
        if isinstance(extension, dict) and extension.get("url") == url:
            try:
                value = json.loads(str(extension.get("valueString", "")))
            except ValueError as error:
                raise MappingError(f"extension {url} is not JSON: {error}") from error
            if not isinstance(value, dict):
                raise MappingError(f"extension {url} does not hold an object")
            return value
    return None


def is_session_line(resource: dict[str, Any]) -> bool:
    return any(
        isinstance(e, dict) and e.get("url") == LINE_EXTENSION
        for e in resource.get("extension") or []
    )


def _patient(resource: dict[str, Any], refs: References, element: str) -> str:
    key = refs.resolve(resource.get(element), "Patient")
    if key is None or not key.startswith("Patient/"):
        raise MappingError(f"{resource['resourceType']}.{element} does not name a Patient")
    return key


def payload(record: Record) -> dict[str, Any]:
    """What map_care_plan / map_session kept, for the writers."""
    value: dict[str, Any] = json.loads(record.fields["payload"])
    return value


def map_care_plan(resource: dict[str, Any], refs: References, key: str) -> Record | None:
    found = carried(resource, CARE_EXTENSION)
    if found is None:
        return None  # a care plan from elsewhere: not ours to import
    if not isinstance(found.get("case"), dict) or not isinstance(found.get("plan"), dict):
        raise MappingError(f"extension {CARE_EXTENSION} lacks case or plan")
    patient = _patient(resource, refs, "subject")
    fields = {"case": found["case"], "plan": found["plan"]}
    return Record("careplan", key, {"payload": json.dumps(fields)}, patient)


def map_session(resource: dict[str, Any], refs: References, key: str) -> Record | None:
    found = carried(resource, SESSION_EXTENSION)
    if found is None:
        return None
    if not isinstance(found.get("note"), dict) or not isinstance(found.get("lines"), list):
        raise MappingError(f"extension {SESSION_EXTENSION} lacks note or lines")
    patient = _patient(resource, refs, "subject")
    fields = {"note": found["note"], "lines": found["lines"], "case": found.get("case")}
    return Record("session", key, {"payload": json.dumps(fields)}, patient)


# The plan and signed-note fields the petrissage-care / petrissage-session extensions carry
# (written by fhir/exporting/carried.py, read back by fhir/importing/care.py).
CARRIED_PLAN_FIELDS = (
    "version",
    "status",
    "session_minutes",
    "sessions_per_week",
    "weeks",
    "total_visits",
    "reassessment_visits",
    "goals",
    "home_care",
    "modifications",
    "evidence_note",
    "evidence_certainty",
    "sources",
    "warnings",
    "warnings_acknowledged",
    "pressure_cap",
)

CARRIED_NOTE_FIELDS = (
    "visit_number",
    "appointment_minutes",
    "pre_check",
    "pain_before",
    "subjective",
    "objective",
    "response",
    "pain_after",
    "plan_next",
    "home_care",
    "total_minutes",
    "timed_minutes",
    "signature",
)
