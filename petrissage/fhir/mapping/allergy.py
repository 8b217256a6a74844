"""PatientAllergy -> FHIR R4 AllergyIntolerance."""

from __future__ import annotations

from typing import Any

from petrissage.patients.models import PatientAllergy

CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
CATEGORIES = ("food", "medication", "environment", "biologic")
CRITICALITIES = ("low", "high", "unable-to-assess")


def allergy_resource(allergy: PatientAllergy) -> dict[str, Any]:
    code: dict[str, Any] = {"text": allergy.display}
    if allergy.system and allergy.code:
        code["coding"] = [{"system": allergy.system, "code": allergy.code}]
    resource: dict[str, Any] = {
        "resourceType": "AllergyIntolerance",
        "id": str(allergy.pk),
        "meta": {"lastUpdated": allergy.updated_at.isoformat()},
        "code": code,
        "patient": {"reference": f"Patient/{allergy.patient_id}"},
    }
    if allergy.clinical_status in ("active", "inactive", "resolved"):
        resource["clinicalStatus"] = {
            "coding": [{"system": CLINICAL, "code": allergy.clinical_status}]
        }
    categories = [c for c in allergy.category.split(",") if c in CATEGORIES]
    if categories:
        resource["category"] = categories
    if allergy.criticality in CRITICALITIES:
        resource["criticality"] = allergy.criticality
    if allergy.recorded_on:
        resource["recordedDate"] = allergy.recorded_on.isoformat()
    return resource
