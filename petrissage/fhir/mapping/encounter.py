"""Session notes as FHIR R4 Encounter resources: one ambulatory encounter per note."""

from __future__ import annotations

from typing import Any

from petrissage.clinical.models import CaseDiagnosis, NoteStatus, SessionNote

ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
ICD10CM_SYSTEM = "http://hl7.org/fhir/sid/icd-10-cm"


def encounter_resource(note: SessionNote, diagnoses: list[CaseDiagnosis]) -> dict[str, Any]:
    """Finished once the note is signed, in progress while it is a draft. reasonCode holds
    the case's ICD-10-CM diagnoses in claim order."""
    day = note.session_date.isoformat()
    resource: dict[str, Any] = {
        "resourceType": "Encounter",
        "id": str(note.pk),
        "status": "finished" if note.status == NoteStatus.SIGNED else "in-progress",
        "class": {"system": ACT_CODE_SYSTEM, "code": "AMB", "display": "ambulatory"},
        "type": [{"text": f"Medical massage therapy session, visit {note.visit_number}"}],
        "subject": {"reference": f"Patient/{note.patient_id}"},
        "participant": [
            {
                "individual": {
                    "reference": f"Practitioner/{note.therapist_id}",
                    "display": note.therapist.signature,
                }
            }
        ],
        "period": {"start": day, "end": day},
    }
    if diagnoses:
        resource["reasonCode"] = [
            {
                "coding": [{"system": ICD10CM_SYSTEM, "code": d.code, "display": d.description}],
                "text": d.description,
            }
            for d in diagnoses
        ]
    if note.total_minutes:
        resource["length"] = {
            "value": note.total_minutes,
            "unit": "min",
            "system": "http://unitsofmeasure.org",
            "code": "min",
        }
    return resource
