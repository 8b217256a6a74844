"""PatientMedication -> FHIR R4 MedicationStatement (what the patient takes or took)."""

from __future__ import annotations

from typing import Any

from petrissage.patients.models import PatientMedication

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


def medication_statement_resource(medication: PatientMedication) -> dict[str, Any]:
    concept: dict[str, Any] = {"text": medication.name}
    if medication.rxnorm:
        concept["coding"] = [{"system": RXNORM, "code": medication.rxnorm}]
    return {
        "resourceType": "MedicationStatement",
        "id": str(medication.pk),
        "meta": {"lastUpdated": medication.updated_at.isoformat()},
        "status": "active" if medication.active else "stopped",
        "medicationCodeableConcept": concept,
        "subject": {"reference": f"Patient/{medication.patient_id}"},
        "dateAsserted": medication.created_at.isoformat(),
    }
