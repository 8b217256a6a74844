"""Petrissage's own records that no standard FHIR resource holds exactly (intakes, screening
findings, assessments, draft notes, appointments, claims, memberships …), as written by
export_fhir: one `Basic` resource per database row, coded with the row's model and carrying
the row in the `petrissage-record` extension (JSON in valueString):

    {"model": "clinical.assessment", "id": 12,
     "fields": {"name": value, …},                     # plain columns, JSON-encoded
     "refs": {"fk_name": null | {"staff": {"npi", "name"}}
                               | {"model": "clinical.case", "id": 7}
                               | {"model": "outcomes.instrument", "builtin": {"key": "ndi"}}},
     "files": {"field": {"name": "report.pdf", "data": "<base64>"}}}

The database side (which models, in which order, how a reference is found again) is in
petrissage/fhir/archive/. A `Basic` resource from elsewhere is not ours: skipped."""

from __future__ import annotations

import json
from typing import Any

from petrissage.domain.fhir_import.care import STRUCTURE, carried
from petrissage.domain.fhir_import.records import Record
from petrissage.domain.fhir_import.references import References
from petrissage.domain.fhir_import.values import MappingError

RECORD_EXTENSION = f"{STRUCTURE}petrissage-record"
RECORD_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/record"
REF_FORMS = ("staff", "model")


def stored_as(resource: dict[str, Any]) -> str | None:
    """The model a standard resource of our own export was stored as (meta.tag in
    RECORD_SYSTEM), so it is read back as that and not as what it would mean from elsewhere
    (a pregnancy-status Observation stays a vital sign instead of becoming a condition)."""
    for tag in (resource.get("meta") or {}).get("tag") or []:
        if isinstance(tag, dict) and tag.get("system") == RECORD_SYSTEM:
            return str(tag.get("code"))
    return None


def stored_as_tag(label: str) -> dict[str, str]:
    return {"system": RECORD_SYSTEM, "code": label}


def basic_id(label: str, pk: int) -> str:
    """The Basic resource id of one row: `clinical-assessment-12`."""
    return f"{label.replace('.', '-')}-{pk}"


def _check_refs(refs: Any) -> None:
    if not isinstance(refs, dict):
        raise MappingError(f"extension {RECORD_EXTENSION}: refs is not an object")
    for name, ref in refs.items():
        if ref is None:
            continue
        if not isinstance(ref, dict) or not any(form in ref for form in REF_FORMS):
            raise MappingError(f"extension {RECORD_EXTENSION}: reference {name!r} is malformed")


def _check(found: dict[str, Any]) -> None:
    model = found.get("model")
    if not isinstance(model, str) or model.count(".") != 1:
        raise MappingError(f"extension {RECORD_EXTENSION} names no model")
    if not isinstance(found.get("id"), int):
        raise MappingError(f"extension {RECORD_EXTENSION}: id is not a number")
    if not isinstance(found.get("fields"), dict):
        raise MappingError(f"extension {RECORD_EXTENSION}: fields is not an object")
    _check_refs(found.get("refs", {}))
    if not isinstance(found.get("files", {}), dict):
        raise MappingError(f"extension {RECORD_EXTENSION}: files is not an object")


def map_basic(resource: dict[str, Any], refs: References, key: str) -> Record | None:
    found = carried(resource, RECORD_EXTENSION)
    if found is None:
        return None  # a Basic resource from elsewhere: not ours to import
    _check(found)
    patient = None
    if resource.get("subject") is not None:
        patient = refs.resolve(resource.get("subject"), "Patient")
        if patient is None or not patient.startswith("Patient/"):
            raise MappingError("Basic.subject does not name a Patient")
    return Record("row", key, {"payload": json.dumps(found)}, patient)


def row_payload(record: Record) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(record.fields["payload"])
    return value


def row_model(record: Record) -> str:
    return str(row_payload(record)["model"])
