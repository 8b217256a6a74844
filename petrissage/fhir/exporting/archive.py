"""Exporter for everything the standard resources don't carry exactly: one Basic resource per
row (petrissage-record extension), in the order import_fhir writes them back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from petrissage.domain.fhir_import.archive import RECORD_EXTENSION, RECORD_SYSTEM, basic_id
from petrissage.fhir.archive.rows import RefWriter, row_payload
from petrissage.fhir.archive.specs import row_specs
from petrissage.fhir.exporting.registry import register
from petrissage.practice.models import Practice

CHUNK = 500


def basic_resource(payload: dict[str, Any], patient_id: int | None, name: str) -> dict[str, Any]:
    label = payload["model"]
    resource: dict[str, Any] = {
        "resourceType": "Basic",
        "id": basic_id(label, payload["id"]),
        "extension": [
            {"url": RECORD_EXTENSION, "valueString": json.dumps(payload, separators=(",", ":"))}
        ],
        "code": {"coding": [{"system": RECORD_SYSTEM, "code": label, "display": name}]},
    }
    if patient_id is not None:
        resource["subject"] = {"reference": f"Patient/{patient_id}"}
    return resource


@register("Basic", "Petrissage records (intakes, screening, assessments, schedule, billing …)")
def practice_records(practice: Practice) -> Iterator[dict[str, Any]]:
    refs = RefWriter(practice.pk)
    for spec in row_specs():
        model = spec.model
        name = str(model._meta.verbose_name)
        has_patient = any(f.name == "patient" for f in model._meta.concrete_fields)
        for row in spec.rows(practice).order_by("pk").iterator(CHUNK):
            payload = row_payload(row, refs, completes=spec.completes)
            patient_id = getattr(row, "patient_id", None) if has_patient else None
            yield basic_resource(payload, patient_id, name)
