"""ReferringProvider -> FHIR R4 Practitioner (+ PractitionerRole for specialty/organisation)."""

from __future__ import annotations

from typing import Any

from petrissage.referrals.models import ReferringProvider

NPI = "http://hl7.org/fhir/sid/us-npi"


def _telecom(provider: ReferringProvider) -> list[dict[str, Any]]:
    pairs = (("phone", provider.phone), ("fax", provider.fax), ("email", provider.email))
    return [{"system": system, "value": value, "use": "work"} for system, value in pairs if value]


def practitioner_resource(provider: ReferringProvider) -> dict[str, Any]:
    name: dict[str, Any] = {"text": provider.name}
    if provider.credentials:
        name["suffix"] = [provider.credentials]
    resource: dict[str, Any] = {
        "resourceType": "Practitioner",
        "id": str(provider.pk),
        "meta": {"lastUpdated": provider.updated_at.isoformat()},
        "active": provider.active,
        "name": [name],
    }
    if provider.npi:
        resource["identifier"] = [{"system": NPI, "value": provider.npi}]
    telecom = _telecom(provider)
    if telecom:
        resource["telecom"] = telecom
    return resource


def practitioner_role_resource(provider: ReferringProvider) -> dict[str, Any] | None:
    if not (provider.specialty or provider.organisation):
        return None
    role: dict[str, Any] = {
        "resourceType": "PractitionerRole",
        "id": str(provider.pk),
        "practitioner": {"reference": f"Practitioner/{provider.pk}", "display": provider.name},
    }
    if provider.specialty:
        role["specialty"] = [{"text": provider.specialty}]
    if provider.organisation:
        role["organization"] = {"display": provider.organisation}
    return role
