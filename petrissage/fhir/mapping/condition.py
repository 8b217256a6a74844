"""PatientCondition -> FHIR R4 Condition, with both codings (SNOMED CT and ICD-10-CM)."""

from __future__ import annotations

from typing import Any

from petrissage.patients.models import PatientCondition

SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CLINICAL_STATUSES = ("active", "recurrence", "relapse", "inactive", "remission", "resolved")


def _codings(condition: PatientCondition) -> list[dict[str, Any]]:
    codings: list[dict[str, Any]] = []
    if condition.code:
        coding: dict[str, Any] = {"system": condition.system, "code": condition.code}
        if condition.display:
            coding["display"] = condition.display
        codings.append(coding)
    if condition.icd10_code and condition.system != ICD10CM:
        codings.append({"system": ICD10CM, "code": condition.icd10_code})
    return [c for c in codings if c.get("system")] or []


def condition_resource(condition: PatientCondition) -> dict[str, Any]:
    status = condition.clinical_status if condition.clinical_status in CLINICAL_STATUSES else None
    resource: dict[str, Any] = {
        "resourceType": "Condition",
        "id": str(condition.pk),
        "meta": {"lastUpdated": condition.updated_at.isoformat()},
        "category": [{"coding": [{"system": CATEGORY, "code": "problem-list-item"}]}],
        "code": {"coding": _codings(condition), "text": condition.display or condition.code},
        "subject": {"reference": f"Patient/{condition.patient_id}"},
    }
    if status and not (condition.abatement and status == "active"):
        resource["clinicalStatus"] = {"coding": [{"system": CLINICAL, "code": status}]}
    if not resource["code"]["coding"]:
        del resource["code"]["coding"]
    if condition.onset:
        resource["onsetDateTime"] = condition.onset.isoformat()
    if condition.abatement:
        resource["abatementDateTime"] = condition.abatement.isoformat()
    if condition.created_at:
        resource["recordedDate"] = condition.created_at.date().isoformat()
    return resource
