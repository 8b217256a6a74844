"""Treatment lines as FHIR R4 Procedure resources: one per region × technique line.

code: the technique as text plus its CPT code (code and our own short label only; CPT
descriptors are AMA-copyrighted, DESIGN.md). bodySite: the region's SNOMED CT structure and,
as a second coding, the SNOMED CT laterality qualifier (petrissage.domain.regions)."""

from __future__ import annotations

from typing import Any

from petrissage.clinical.models import SessionNote, TreatmentLine
from petrissage.domain import session_rules as rules
from petrissage.domain.billing.cpt import CPT_CODES
from petrissage.domain.regions import is_region, region

CPT_SYSTEM = "http://www.ama-assn.org/go/cpt"
SNOMED_SYSTEM = "http://snomed.info/sct"


def _code(technique: str) -> dict[str, Any]:
    concept: dict[str, Any] = {"text": rules.technique_label(technique)}
    cpt = rules.line_cpt(technique)
    if cpt is not None:
        label = CPT_CODES[cpt].label if cpt in CPT_CODES else rules.technique_label(technique)
        concept["coding"] = [{"system": CPT_SYSTEM, "code": cpt, "display": label}]
    return concept


def _body_site(region_code: str) -> dict[str, Any]:
    if not is_region(region_code):
        return {"text": region_code}
    place = region(region_code)
    codings = [
        {"system": SNOMED_SYSTEM, "code": place.snomed_code, "display": place.snomed_display}
    ]
    if place.laterality_code is not None:
        codings.append(
            {
                "system": SNOMED_SYSTEM,
                "code": place.laterality_code,
                "display": place.laterality_display or "",
            }
        )
    return {"coding": codings, "text": place.label}


def procedure_resource(line: TreatmentLine, note: SessionNote) -> dict[str, Any]:
    """A line records treatment that was given, so it is `completed` even while its note
    is an unsigned draft (the Encounter's status tells the two apart)."""
    text = f"{line.minutes} min, pressure {line.pressure}/5 (Walton scale 0–5)"
    if line.restriction_reason:
        text += f". Screening restriction overridden: {line.restriction_reason}"
    return {
        "resourceType": "Procedure",
        "id": str(line.pk),
        "status": "completed",
        "code": _code(line.technique),
        "subject": {"reference": f"Patient/{note.patient_id}"},
        "encounter": {"reference": f"Encounter/{note.pk}"},
        "performedDateTime": note.session_date.isoformat(),
        "performer": [
            {
                "actor": {
                    "reference": f"Practitioner/{note.therapist_id}",
                    "display": note.therapist.signature,
                }
            }
        ],
        "bodySite": [_body_site(line.region_code)],
        "note": [{"text": text}],
    }
