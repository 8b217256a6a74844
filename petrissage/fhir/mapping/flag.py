"""Screening findings as FHIR R4 Flag resources."""

from __future__ import annotations

from typing import Any

from petrissage.clinical.models import ScreeningFinding

CLASS_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/contraindication-class"
RULE_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/screening-rule"
CLASS_DISPLAY = {
    "absolute": "Absolute contraindication: do not treat",
    "local": "Local contraindication: avoid named regions",
    "relative": "Relative contraindication: treat with modifications",
    "refer": "Refer to a physician before treating",
}


def flag_resource(finding: ScreeningFinding) -> dict[str, Any]:
    codings: list[dict[str, str]] = [
        {"system": RULE_SYSTEM, "code": finding.rule_id, "display": finding.condition}
    ]
    if finding.coding_code:
        source: dict[str, str] = {"system": finding.coding_system, "code": finding.coding_code}
        if finding.coding_display:
            source["display"] = finding.coding_display
        codings.append(source)
    resource: dict[str, Any] = {
        "resourceType": "Flag",
        "id": str(finding.pk),
        "status": "active" if finding.screening.is_current else "inactive",
        "category": [
            {
                "coding": [
                    {
                        "system": CLASS_SYSTEM,
                        "code": finding.finding_class,
                        "display": CLASS_DISPLAY[finding.finding_class],
                    }
                ],
                "text": finding.finding_class,
            }
        ],
        "code": {"coding": codings, "text": f"{finding.condition}: {finding.action}"},
        "subject": {"reference": f"Patient/{finding.patient_id}"},
        "period": {"start": finding.screening.computed_at.isoformat()},
    }
    if finding.urgent:
        resource["extension"] = [
            {
                "url": "https://petrissage.dev/fhir/StructureDefinition/flag-urgent",
                "valueBoolean": True,
            }
        ]
    return resource
