"""Imported history -> FHIR R4: PastProcedure -> Procedure, PastEncounter -> Encounter,
VitalSign -> Observation. Ids carry a prefix (hist-, vital-) so they never collide with the
Procedure/Encounter/Observation ids of our own sessions and findings."""

from __future__ import annotations

from typing import Any

from petrissage.patients.models import PastEncounter, PastProcedure, VitalSign

ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"


def _concept(system: str, code: str, display: str) -> dict[str, Any]:
    concept: dict[str, Any] = {"text": display or code}
    if system and code:
        concept["coding"] = [
            {"system": system, "code": code, **({"display": display} if display else {})}
        ]
    return concept


def past_procedure_resource(row: PastProcedure) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Procedure",
        "id": f"hist-{row.pk}",
        "status": row.status or "completed",
        "code": _concept(row.system, row.code, row.display),
        "subject": {"reference": f"Patient/{row.patient_id}"},
    }
    if row.performed_on:
        resource["performedDateTime"] = row.performed_on.isoformat()
    return resource


def past_encounter_resource(row: PastEncounter) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Encounter",
        "id": f"hist-{row.pk}",
        "status": row.status or "finished",
        "class": {"system": ACT_CODE, "code": row.encounter_class or "AMB"},
        "subject": {"reference": f"Patient/{row.patient_id}"},
    }
    if row.type_code or row.type_display:
        resource["type"] = [_concept(row.type_system, row.type_code, row.type_display)]
    if row.reason:
        resource["reasonCode"] = [{"text": row.reason}]
    period = {
        key: value.isoformat()
        for key, value in (("start", row.started_at), ("end", row.ended_at))
        if value
    }
    if period:
        resource["period"] = period
    return resource


def _mmhg(code: str, text: str, value: object) -> dict[str, Any]:
    return {
        "code": {"coding": [{"system": LOINC, "code": code}], "text": text},
        "valueQuantity": {
            "value": float(str(value)),
            "unit": "mm[Hg]",
            "system": UCUM,
            "code": "mm[Hg]",
        },
    }


def vital_sign_resource(row: VitalSign) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": f"vital-{row.pk}",
        "status": "final",
        "code": {
            "coding": [{"system": LOINC, "code": row.loinc}],
            "text": row.display or row.loinc,
        },
        "subject": {"reference": f"Patient/{row.patient_id}"},
    }
    if row.effective_at:
        resource["effectiveDateTime"] = row.effective_at.isoformat()
    if row.systolic is not None or row.diastolic is not None:
        resource["category"] = [
            {"coding": [{"system": OBSERVATION_CATEGORY, "code": "vital-signs"}]}
        ]
        resource["component"] = [
            _mmhg(code, text, value)
            for code, text, value in (
                ("8480-6", "Systolic blood pressure", row.systolic),
                ("8462-4", "Diastolic blood pressure", row.diastolic),
            )
            if value is not None
        ]
    elif row.value_code or row.value_display:
        resource["valueCodeableConcept"] = _concept(
            row.value_system, row.value_code, row.value_display
        )
    return resource
