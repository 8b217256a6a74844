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
                    },
                    _flag_resource(),
                ],
            }
        ],
    }
