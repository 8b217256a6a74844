"""Bulk writes of imported history rows (conditions, medications, allergies, procedures,
encounters, vitals): one INSERT per kind and unit, one UPDATE per changed row."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from petrissage.domain.fhir_import import Record
from petrissage.patients.models import (
    HistorySource,
    PastEncounter,
    PastProcedure,
    PatientAllergy,
    PatientCondition,
    PatientMedication,
    VitalSign,
)

HISTORY_MODELS: dict[str, type[models.Model]] = {
    "condition": PatientCondition,
    "medication": PatientMedication,
    "allergy": PatientAllergy,
    "procedure": PastProcedure,
    "encounter": PastEncounter,
    "vital": VitalSign,
}
# Kinds that are screening inputs: a change re-runs the patient's screening (vitals carry
# the blood-pressure readings the blood-pressure rule reads).
SCREENING_KINDS = ("condition", "medication", "vital")


def model_label(kind: str) -> str:
    return HISTORY_MODELS[kind]._meta.label_lower


def new_rows(
    practice_id: int, records: list[tuple[Record, int]]
) -> dict[str, list[tuple[Record, models.Model]]]:
    """Unsaved rows per kind for (record, patient pk) pairs."""
    rows: dict[str, list[tuple[Record, models.Model]]] = {}
    for record, patient_id in records:
        model = HISTORY_MODELS[record.kind]
        row = model(
            practice_id=practice_id,
            patient_id=patient_id,
            source=HistorySource.IMPORT,
            external_id=record.key[:255],
            **record.fields,
        )
        rows.setdefault(record.kind, []).append((record, row))
    return rows


def insert(rows: dict[str, list[tuple[Record, models.Model]]]) -> None:
    for kind, pairs in rows.items():
        HISTORY_MODELS[kind]._default_manager.bulk_create([row for _, row in pairs], batch_size=500)


def update(record: Record, target_id: int, patient_id: int) -> None:
    fields: dict[str, Any] = dict(record.fields)
    HISTORY_MODELS[record.kind]._default_manager.filter(pk=target_id).update(
        patient_id=patient_id, updated_at=timezone.now(), **fields
    )
