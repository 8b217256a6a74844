"""An outcome score as a FHIR R4 Observation ("outcome-<pk>"): the instrument's LOINC code
where the domain definition carries one (marked unverified there), else the instrument's
own code; derived from its QuestionnaireResponse."""

from __future__ import annotations

from typing import Any

from petrissage.outcomes.models import OutcomeResponse
from petrissage.outcomes.selectors import safe_definition

INSTRUMENT_SYSTEM = "https://petrissage.dev/fhir/CodeSystem/outcome-instrument"


def outcome_to_observation(response: OutcomeResponse) -> dict[str, Any]:
    definition = safe_definition(response.instrument)
    codings = []
    if definition is not None and definition.code is not None:
        codings.append(
            {
                "system": definition.code.system,
                "code": definition.code.code,
                "display": definition.code.display,
            }
        )
    codings.append(
        {
            "system": INSTRUMENT_SYSTEM,
            "code": response.instrument.key,
            "display": response.instrument.title,
        }
    )
    return {
        "resourceType": "Observation",
        "id": f"outcome-{response.pk}",
        "status": "final",
        "category": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "survey",
                        "display": "Survey",
                    }
                ]
            }
        ],
        "code": {"coding": codings, "text": response.instrument.name},
        "subject": {"reference": f"Patient/{response.patient_id}"},
        "effectiveDateTime": response.collected_at.isoformat(),
        "valueQuantity": {
            "value": float(response.score),
            "unit": "{score}",
            "system": "http://unitsofmeasure.org",
            "code": "{score}",
        },
        "derivedFrom": [{"reference": f"QuestionnaireResponse/outcome-{response.pk}"}],
        "note": [{"text": f"Recall: {response.recall}. Timepoint: {response.timepoint}."}],
    }
