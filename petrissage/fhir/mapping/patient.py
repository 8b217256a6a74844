"""Patient → FHIR R4 Patient (as a JSON-ready dict). Validated against fhir.resources in tests."""

from __future__ import annotations

from typing import Any

from petrissage.patients.models import Patient
from petrissage.practice.models import Practice

CHART_NUMBER_BASE = "https://petrissage.dev/fhir/sid/chart-number/"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"


def chart_number_system(practice: Practice) -> str:
    return f"{CHART_NUMBER_BASE}{practice.slug}"


def _identifiers(patient: Patient) -> list[dict[str, Any]]:
    chart = {
        "use": "usual",
        "type": {"coding": [{"system": IDENTIFIER_TYPE, "code": "MR"}], "text": "Chart number"},
        "system": chart_number_system(patient.practice),
        "value": patient.chart_number,
    }
    others = [{"system": row.system, "value": row.value} for row in patient.identifiers.all()]
    return [chart, *others]


def _names(patient: Patient) -> list[dict[str, Any]]:
    names: list[dict[str, Any]] = [
        {"use": "official", "family": patient.family_name, "given": [patient.given_name]}
    ]
    if patient.preferred_name:
        names.append({"use": "nickname", "given": [patient.preferred_name]})
    return names


def _telecom(patient: Patient) -> list[dict[str, Any]]:
    telecom: list[dict[str, Any]] = []
    if patient.phone:
        telecom.append({"system": "phone", "value": patient.phone})
    if patient.email:
        telecom.append({"system": "email", "value": patient.email})
    return telecom


def _address(patient: Patient) -> list[dict[str, Any]]:
    parts = {
        "line": [patient.address_line] if patient.address_line else None,
        "city": patient.city or None,
        "state": patient.state or None,
        "postalCode": patient.postal_code or None,
    }
    address = {key: value for key, value in parts.items() if value}
    return [{"use": "home", **address}] if address else []


def _contacts(patient: Patient) -> list[dict[str, Any]]:
    if not (patient.emergency_contact_name or patient.emergency_contact_phone):
        return []
    contact: dict[str, Any] = {
        "relationship": [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/v2-0131",
                        "code": "C",
                        "display": "Emergency Contact",
                    }
                ],
                **(
                    {"text": patient.emergency_contact_relationship}
                    if patient.emergency_contact_relationship
                    else {}
                ),
            }
        ]
    }
    if patient.emergency_contact_name:
        contact["name"] = {"text": patient.emergency_contact_name}
    if patient.emergency_contact_phone:
        contact["telecom"] = [{"system": "phone", "value": patient.emergency_contact_phone}]
    return [contact]


def patient_resource(patient: Patient) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(patient.pk),
        "meta": {"lastUpdated": patient.updated_at.isoformat()},
        "identifier": _identifiers(patient),
        "active": patient.active,
        "name": _names(patient),
        "telecom": _telecom(patient),
        "gender": patient.sex,
        "birthDate": patient.birth_date.isoformat(),
        "address": _address(patient),
        "contact": _contacts(patient),
        "communication": [{"language": {"text": patient.preferred_language}}]
        if patient.preferred_language
        else [],
    }
    return {key: value for key, value in resource.items() if value not in ([], None)}
