"""RegionFinding -> FHIR R4 Observation (pain score of one body region); searched through
fhir/observation_views.py. Validated against fhir.resources in tests.

One Observation per region finding: the NPRS as valueInteger, the region as bodySite
(SNOMED CT structure + laterality qualifier extension), pain quality and palpation as
components with Petrissage's own code system (no standard codes were confirmed for them).
"""

from __future__ import annotations

from typing import Any

from petrissage.clinical.models import RegionFinding
from petrissage.domain.regions import is_region, region

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
# LOINC 72514-3, as performance-and-data.md §A3 lists it: seen in the hl7-be
# patient-monitoring ValueSet and hl7-eu EPS examples (not re-checked against loinc.org).
NPRS_CODE = "72514-3"
NPRS_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
# mCODE STU4 "Laterality Qualifier" extension (an R4 IG); its context includes
# Observation.bodySite and CodeableConcept.
LATERALITY_EXTENSION = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-laterality-qualifier"
# Local code systems: Petrissage's own codes, used where no standard code was confirmed.
PAIN_QUALITY_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/pain-quality"
PALPATION_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/palpation"
REGION_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/body-region"
PALPATION_FLAGS = (
    ("trigger_points", "Trigger points"),
    ("adhesions", "Adhesions"),
    ("hypertonicity", "Hypertonicity"),
)


def _body_site(finding: RegionFinding) -> dict[str, Any]:
    code = finding.region_code
    if not is_region(code):  # a code dropped from the table since: keep its text
        return {"coding": [{"system": REGION_SYSTEM, "code": code}], "text": code}
    r = region(code)
    site: dict[str, Any] = {
        "coding": [
            {"system": SNOMED, "code": r.snomed_code, "display": r.snomed_display},
            {"system": REGION_SYSTEM, "code": r.code, "display": r.label},
        ],
        "text": r.label,
    }
    if r.laterality_code:
        site["extension"] = [
            {
                "url": LATERALITY_EXTENSION,
                "valueCodeableConcept": {
                    "coding": [
                        {
                            "system": SNOMED,
                            "code": r.laterality_code,
                            "display": r.laterality_display,
                        }
                    ]
                },
            }
        ]
    return site


def _component(code: str, text: str, system: str = PALPATION_SYSTEM) -> dict[str, Any]:
    return {"code": {"coding": [{"system": system, "code": code, "display": text}], "text": text}}


def _components(finding: RegionFinding) -> list[dict[str, Any]]:
    components = []
    if finding.pain_quality:
        quality = _component("quality", "Pain quality", PAIN_QUALITY_SYSTEM)
        quality["valueCodeableConcept"] = {
            "coding": [
                {
                    "system": PAIN_QUALITY_SYSTEM,
                    "code": finding.pain_quality,
                    "display": finding.get_pain_quality_display(),
                }
            ]
        }
        components.append(quality)
    tenderness = _component("tenderness", "Tenderness grade 0-3")
    tenderness["valueInteger"] = finding.tenderness
    components.append(tenderness)
    for name, text in PALPATION_FLAGS:
        flag = _component(name.replace("_", "-"), text)
        flag["valueBoolean"] = bool(getattr(finding, name))
        components.append(flag)
    return components


def observation_resource(finding: RegionFinding) -> dict[str, Any]:
    """One region finding as an Observation (select_related assessment__therapist)."""
    assessment = finding.assessment
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": str(finding.pk),
        "meta": {"lastUpdated": assessment.updated_at.isoformat()},
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY_SYSTEM, "code": "exam", "display": "Exam"}]}],
        "code": {
            "coding": [{"system": LOINC, "code": NPRS_CODE, "display": NPRS_DISPLAY}],
            "text": "Pain score (NPRS 0-10)",
        },
        "subject": {"reference": f"Patient/{finding.patient_id}"},
        "effectiveDateTime": assessment.assessed_on.isoformat(),
        "issued": assessment.updated_at.isoformat(),
        "performer": [{"display": assessment.therapist.display_name}],
        "valueInteger": finding.nprs,
        "bodySite": _body_site(finding),
        "component": _components(finding),
    }
    if finding.notes:
        resource["note"] = [{"text": finding.notes}]
    return resource
