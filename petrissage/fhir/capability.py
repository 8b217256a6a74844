"""The CapabilityStatement served at /fhir/R4/metadata: what this facade can do."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from petrissage.fhir.search import MAX_COUNT, PATIENT_SEARCH_PARAMS

SEARCH_PARAM_DEFINITION = "http://hl7.org/fhir/SearchParameter/"
DEFINITION_SLUGS = {
    "_id": "Resource-id",
    "name": "Patient-name",
    "identifier": "Patient-identifier",
}
SECURITY_NOTE = (
    "Every request except GET metadata needs a personal API token of a staff member: "
    "send 'Authorization: Bearer <token>'. Tokens are created per staff member by a practice "
    "owner; results are limited to the token's practice and the staff member's role. "
    "Reads and searches are recorded in the audit trail."
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


def _flag_resource() -> dict[str, Any]:
    from petrissage.fhir.flag_views import FLAG_SEARCH_PARAMS

    return {
        "type": "Flag",
        "profile": "http://hl7.org/fhir/StructureDefinition/Flag",
        "documentation": "Contraindication screening findings; category coding system "
        "https://petrissage.dev/fhir/CodeSystem/contraindication-class "
        "(absolute | local | relative | refer).",
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "searchParam": [
            {"name": name, "type": kind, "documentation": text}
            for name, kind, text in FLAG_SEARCH_PARAMS
        ],
    }


def _observation_resource() -> dict[str, Any]:
    from petrissage.fhir.mapping.observation import OBSERVATION_SEARCH_PARAMS

    return {
        "type": "Observation",
        "profile": "http://hl7.org/fhir/StructureDefinition/Observation",
        "documentation": "Pain score (NPRS, LOINC 72514-3) per body region from assessments; "
        "bodySite carries the SNOMED CT structure and a laterality qualifier. Needs a "
        "clinical role (therapist or owner).",
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "versioning": "no-version",
        "searchParam": [
            {"name": name, "type": kind, "documentation": text}
            for name, kind, text in OBSERVATION_SEARCH_PARAMS
        ],
    }


def _scheduling_resources() -> list[dict[str, Any]]:
    from petrissage.fhir.mapping.appointment import (
        APPOINTMENT_SEARCH_PARAMS,
        SCHEDULE_SEARCH_PARAMS,
        SLOT_SEARCH_PARAMS,
    )

    described = (
        (
            "Appointment",
            APPOINTMENT_SEARCH_PARAMS,
            "Visits; serviceType from https://petrissage.dev/fhir/CodeSystem/appointment-type.",
        ),
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


def _claim_resource() -> dict[str, Any]:
    from petrissage.fhir.mapping.claim import CLAIM_SEARCH_PARAMS

    return {
        "type": "Claim",
        "profile": "http://hl7.org/fhir/StructureDefinition/Claim",
        "documentation": "Professional insurance claims (CMS-1500 / 837P) with ICD-10-CM "
        "diagnoses and CPT lines. Needs a billing role (owner, biller, front desk).",
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "versioning": "no-version",
        "searchParam": [
            {"name": name, "type": kind, "documentation": text}
            for name, kind, text in CLAIM_SEARCH_PARAMS
        ],
    }


def _service_request_resource() -> dict[str, Any]:
    from petrissage.fhir.mapping.service_request import SERVICE_REQUEST_SEARCH_PARAMS

    return {
        "type": "ServiceRequest",
        "profile": "http://hl7.org/fhir/StructureDefinition/ServiceRequest",
        "documentation": "Physician prescriptions for massage (intent order): ICD-10-CM "
        "reasonCode, CPT orderDetail, occurrenceTiming (sessions a week, visit cap), coded "
        "bodySite, contained requester Practitioner. Needs a clinical role (therapist or owner).",
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "versioning": "no-version",
        "searchParam": [
            {"name": name, "type": kind, "documentation": text}
            for name, kind, text in SERVICE_REQUEST_SEARCH_PARAMS
        ],
    }


def _session_resources() -> list[dict[str, Any]]:
    from petrissage.fhir.mapping.encounter import ENCOUNTER_SEARCH_PARAMS
    from petrissage.fhir.mapping.procedure import PROCEDURE_SEARCH_PARAMS

    described = (
        (
            "Encounter",
            ENCOUNTER_SEARCH_PARAMS,
            "One per session note: finished when signed, in-progress while a draft; class "
            "AMB; reasonCode = the case's ICD-10-CM diagnoses. Needs a clinical role.",
        ),
        (
            "Procedure",
            PROCEDURE_SEARCH_PARAMS,
            "One per treatment line of a session note: technique as text with its CPT code, "
            "SNOMED CT bodySite with laterality, minutes and pressure in note. Needs a "
            "clinical role.",
        ),
    )
    return [
        {
            "type": name,
            "profile": f"http://hl7.org/fhir/StructureDefinition/{name}",
            "documentation": text,
            "interaction": [{"code": "read"}, {"code": "search-type"}],
            "versioning": "no-version",
            "searchParam": [
                {"name": param, "type": kind, "documentation": doc} for param, kind, doc in params
            ],
        }
        for name, params, text in described
    ]


def _care_plan_resource() -> dict[str, Any]:
    from petrissage.fhir.mapping.care_plan import CARE_PLAN_SEARCH_PARAMS

    return {
        "type": "CarePlan",
        "profile": "http://hl7.org/fhir/StructureDefinition/CarePlan",
        "documentation": "One per treatment-plan version (intent plan): draft, active, "
        "on-hold/completed with the case, revoked when superseded. Contained ICD-10-CM "
        "Conditions (addresses) and Goals; one activity per technique × region with the dose "
        "as Timing; evidence note and screening modifications in note. Needs a clinical role.",
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "versioning": "no-version",
        "searchParam": [
            {"name": name, "type": kind, "documentation": text}
            for name, kind, text in CARE_PLAN_SEARCH_PARAMS
        ],
    }


def _questionnaire_resources() -> list[dict[str, Any]]:
    from petrissage.fhir.questionnaire_sources import QUESTIONNAIRE_SOURCES
    from petrissage.fhir.questionnaire_views import RESPONSE_SEARCH_PARAMS

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
            "searchParam": [
                {"name": name, "type": kind, "documentation": text}
                for name, kind, text in RESPONSE_SEARCH_PARAMS
            ],
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


def _document_reference_resource() -> dict[str, Any]:
    from petrissage.fhir.mapping.document_reference import DOCUMENT_REFERENCE_SEARCH_PARAMS

    return {
        "type": "DocumentReference",
        "profile": "http://hl7.org/fhir/StructureDefinition/DocumentReference",
        "documentation": "Signed physician progress reports and discharge summaries; the PDF "
        "is content.attachment (application/pdf: url always, data on a read). docStatus final "
        "or amended; context.related = the prescription (ServiceRequest). Needs a clinical role.",
        "interaction": [{"code": "read"}, {"code": "search-type"}],
        "versioning": "no-version",
        "searchParam": [
            {"name": name, "type": kind, "documentation": text}
            for name, kind, text in DOCUMENT_REFERENCE_SEARCH_PARAMS
        ],
    }


def _history_resources() -> list[dict[str, Any]]:
    """Condition, MedicationStatement, AllergyIntolerance, Coverage, Practitioner (issue 10)."""
    from petrissage.fhir.history_views import capability_resources

    return capability_resources()


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
                "documentation": f"Searches return at most {MAX_COUNT} entries per page (_count); "
                "page on with the Bundle's next link. Unsupported parameters are refused with 400.",
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
                                "documentation": "The patient, history, coverage, orders and "
                                "current screening flags (clinical roles).",
                            }
                        ],
                    },
                    _flag_resource(),
                    _service_request_resource(),
                    _document_reference_resource(),
                    _observation_resource(),
                    _claim_resource(),
                    *_scheduling_resources(),
                    *_session_resources(),
                    _care_plan_resource(),
                    *_questionnaire_resources(),
                    *_history_resources(),
                ],
            }
        ],
    }
