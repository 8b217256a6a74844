"""The CapabilityStatement served at /fhir/R4/metadata: what this facade can do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from petrissage.fhir.search import MAX_COUNT, PATIENT_SEARCH_PARAMS

if TYPE_CHECKING:
    from petrissage.fhir.resource_views import Spec

SEARCH_PARAM_DEFINITION = "http://hl7.org/fhir/SearchParameter/"
DEFINITION_SLUGS = {
    "_id": "Resource-id",
    "name": "Patient-name",
    "identifier": "Patient-identifier",
}
SECURITY_NOTE = (
    "Every request except GET metadata needs a personal API token of a staff member: "
    "send 'Authorization: Bearer <token>'. Tokens are created per staff member by a practice "
    "owner; results are limited to the token's practice and the staff member's role: a record "
    "of another practice, or one the role may not see, reads as 404 like a missing id and "
    "is left out of searches like a non-match. Reads and searches are recorded in the audit "
    "trail."
)


def _search_params() -> list[dict[str, Any]]:
    params = []
    for name, kind, description in PATIENT_SEARCH_PARAMS:
        slug = DEFINITION_SLUGS.get(name, f"individual-{name}")
        params.append(
            {
                "name": name,
                "definition": f"{SEARCH_PARAM_DEFINITION}{slug}",
                "type": kind,
                "documentation": description,
            }
        )
    return params


def _scheduling_resources() -> list[dict[str, Any]]:
    from petrissage.fhir.mapping.appointment import SCHEDULE_SEARCH_PARAMS, SLOT_SEARCH_PARAMS

    described = (
        ("Schedule", SCHEDULE_SEARCH_PARAMS, "One per therapist; comment lists weekly hours."),
        ("Slot", SLOT_SEARCH_PARAMS, "Open times computed from a therapist's schedule."),
    )
    return [
        {
            "type": name,
            "profile": f"http://hl7.org/fhir/StructureDefinition/{name}",
            "documentation": text,
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "searchParam": [
                {"name": param, "type": kind, "documentation": doc} for param, kind, doc in params
            ],
        }
        for name, params, text in described
    ]


def _questionnaire_resources() -> list[dict[str, Any]]:
    from petrissage.fhir.questionnaire_sources import QUESTIONNAIRE_SOURCES
    from petrissage.fhir.questionnaire_views import RESPONSE_PARAMS

    prefixes = ", ".join(f"{s.prefix}-{{pk}}" for s in QUESTIONNAIRE_SOURCES)
    return [
        {
            "type": "QuestionnaireResponse",
            "profile": "http://hl7.org/fhir/StructureDefinition/QuestionnaireResponse",
            "documentation": f"Answers patients gave on forms; ids {prefixes} (intake = one "
            "version of the health history, answering Questionnaire/intake). Needs a "
            "clinical role (therapist or owner).",
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "versioning": "no-version",
            "searchParam": [param.capability() for param in RESPONSE_PARAMS],
        },
        {
            "type": "Questionnaire",
            "profile": "http://hl7.org/fhir/StructureDefinition/Questionnaire",
            "documentation": "Form definitions the QuestionnaireResponses answer "
            "(Questionnaire/intake: the health history). Any staff role.",
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "versioning": "no-version",
        },
    ]


def spec_resources() -> tuple[Spec, ...]:
    """Every type served through a resource_views.Spec: what is listed is what is honoured."""
    from petrissage.fhir.billing_views import CLAIM
    from petrissage.fhir.careplan_views import CARE_PLAN
    from petrissage.fhir.document_views import DOCUMENT_REFERENCE
    from petrissage.fhir.flag_views import FLAG
    from petrissage.fhir.history_views import SPECS as HISTORY
    from petrissage.fhir.observation_views import OBSERVATION
    from petrissage.fhir.referral_views import SERVICE_REQUEST
    from petrissage.fhir.scheduling_views import APPOINTMENT
    from petrissage.fhir.session_views import ENCOUNTER, PROCEDURE

    return (
        FLAG,
        SERVICE_REQUEST,
        DOCUMENT_REFERENCE,
        OBSERVATION,
        CLAIM,
        APPOINTMENT,
        ENCOUNTER,
        PROCEDURE,
        CARE_PLAN,
        *HISTORY,
    )


def capability_statement(base_url: str) -> dict[str, Any]:
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": timezone.now().date().isoformat(),
        "publisher": "Petrissage",
        "kind": "instance",
        "software": {"name": "Petrissage"},
        "implementation": {"description": "Petrissage FHIR R4 facade (read-only)", "url": base_url},
        "fhirVersion": "4.0.1",
        "format": ["json"],
        "rest": [
            {
                "mode": "server",
                "documentation": f"Searches return at most {MAX_COUNT} entries per page (_count, "
                "larger values are capped); page on with the Bundle's next link (_offset). "
                "Unsupported parameters (including _include, _revinclude, _sort, chains and "
                "modifiers) are refused with 400.",
                "security": {"cors": False, "description": SECURITY_NOTE},
                "resource": [
                    {
                        "type": "Patient",
                        "profile": "http://hl7.org/fhir/StructureDefinition/Patient",
                        "interaction": [{"code": "read"}, {"code": "search-type"}],
                        "versioning": "no-version",
                        "readHistory": False,
                        "updateCreate": False,
                        "searchParam": _search_params(),
                        "operation": [
                            {
                                "name": "everything",
                                "definition": "http://hl7.org/fhir/OperationDefinition/"
                                "Patient-everything",
                                "documentation": "The patient and every record of the types "
                                "listed here that the caller's role may read (clinical roles: "
                                "all; front desk and billers: coverage, appointments, claims). "
                                "Only _format is accepted.",
                            }
                        ],
                    },
                    *(spec.capability() for spec in spec_resources()),
                    *_scheduling_resources(),
                    *_questionnaire_resources(),
                ],
            }
        ],
    }
